// Checks the Fluent locale files the way a translator needs: every problem
// with its file and line. Uses the reference Fluent parser (@fluent/syntax).
//   - a file that does not parse (each syntax error);
//   - a message id missing from a locale, or present in only some;
//   - a message whose variables differ between locales;
//   - a message no code uses, and a message the code uses that no file has.
// leptos-fluent's own check (check_translations, at compile time) covers the
// last two as well; this one adds parsing, variables, and file:line output.
// And the legal documents (documents/<lang>/*.md), which translators keep too:
//   - the same documents in every language, each with a front matter naming
//     its version and title, the version the same in every language (the
//     consent recorded is to that version);
//   - the same shop figures ({contact}, ...) and the same number of sections.
// Usage: node scripts/i18n-check.mjs [--locales DIR] [--src DIR] [--documents DIR]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { FluentParser, Visitor } from '@fluent/syntax';

const root = resolve(import.meta.dirname, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? resolve(process.argv[i + 1]) : fallback;
};
const localesDir = arg('--locales', join(root, 'locales'));
const srcDir = arg('--src', join(root, 'src'));
// The server draws first screens with the same messages (server/src/web/l10n.rs: t, t_args).
const serverDir = arg('--server', join(root, 'server', 'src'));
const documentsDir = arg('--documents', join(root, 'documents'));
const problems = [];
const report = (file, line, text) => problems.push(`${relative(process.cwd(), file)}:${line}: ${text}`);

const lineOf = (source, offset) => source.slice(0, offset).split('\n').length;

class Variables extends Visitor {
  constructor() { super(); this.names = new Set(); }
  visitVariableReference(node) { this.names.add(node.id.name); }
}

// messages[locale][id] = { file, line, vars }
const messages = {};
const locales = readdirSync(localesDir).filter((d) => statSync(join(localesDir, d)).isDirectory()).sort();
const parser = new FluentParser({ withSpans: true });
for (const locale of locales) {
  messages[locale] = {};
  for (const name of readdirSync(join(localesDir, locale)).filter((f) => f.endsWith('.ftl')).sort()) {
    const file = join(localesDir, locale, name);
    const source = readFileSync(file, 'utf8');
    for (const entry of parser.parse(source).body) {
      if (entry.type === 'Junk') {
        const note = entry.annotations.map((a) => a.message).join('; ') || 'does not parse';
        report(file, lineOf(source, entry.span.start), `syntax error: ${note}`);
      } else if (entry.type === 'Message' || entry.type === 'Term') {
        const id = (entry.type === 'Term' ? '-' : '') + entry.id.name;
        const line = lineOf(source, entry.span.start);
        if (messages[locale][id]) report(file, line, `"${id}" is defined twice (also ${relative(process.cwd(), messages[locale][id].file)}:${messages[locale][id].line})`);
        const v = new Variables();
        v.visit(entry);
        messages[locale][id] = { file, line, vars: [...v.names].sort() };
      }
    }
  }
}

// Ids in one locale and not in another; variables that differ.
const all = new Set(locales.flatMap((l) => Object.keys(messages[l])));
for (const id of [...all].sort()) {
  const have = locales.filter((l) => messages[l][id]);
  const first = messages[have[0]][id];
  for (const l of locales.filter((x) => !messages[x][id])) {
    report(first.file, first.line, `"${id}" is missing in ${l} (present in ${have.join(', ')})`);
  }
  for (const l of have.slice(1)) {
    const m = messages[l][id];
    if (m.vars.join(',') !== first.vars.join(',')) {
      report(m.file, m.line, `"${id}" uses variables {${m.vars.map((v) => '$' + v).join(', ')}} in ${l} but {${first.vars.map((v) => '$' + v).join(', ')}} in ${have[0]}`);
    }
  }
}

// Ids the code uses (tr!/move_tr! with a literal id, as leptos-fluent reads
// them; the server's t/t_args with a literal id).
const used = new Map();
const walk = (dir) => readdirSync(dir).flatMap((f) => {
  const p = join(dir, f);
  return statSync(p).isDirectory() ? walk(p) : p.endsWith('.rs') ? [p] : [];
});
for (const file of walk(srcDir)) {
  const source = readFileSync(file, 'utf8');
  for (const m of source.matchAll(/\b(?:move_)?tr!\(\s*(?:[a-z_][a-z0-9_]*\s*,\s*)?"([^"]+)"/g)) {
    if (!used.has(m[1])) used.set(m[1], { file, line: lineOf(source, m.index) });
  }
}
for (const file of walk(serverDir)) {
  const source = readFileSync(file, 'utf8');
  for (const m of source.matchAll(/\bt(?:_args)?\(\s*[a-z_]+\s*,\s*"([^"]+)"/g)) {
    if (!used.has(m[1])) used.set(m[1], { file, line: lineOf(source, m.index) });
  }
}
for (const [id, at] of used) {
  if (!all.has(id)) report(at.file, at.line, `"${id}" is used here but no locale defines it`);
}
for (const id of [...all].sort().filter((id) => !id.startsWith('-') && !used.has(id))) {
  const l = locales.find((x) => messages[x][id]);
  report(messages[l][id].file, messages[l][id].line, `"${id}" is not used by the code`);
}

// The legal documents.
const docLangs = readdirSync(documentsDir).filter((d) => statSync(join(documentsDir, d)).isDirectory()).sort();
const docs = {};
for (const lang of docLangs) {
  for (const f of readdirSync(join(documentsDir, lang)).filter((f) => f.endsWith('.md'))) {
    const file = join(documentsDir, lang, f);
    const text = readFileSync(file, 'utf8');
    const front = text.match(/^---\n([\s\S]*?)\n---\n/);
    const field = (k) => front?.[1].match(new RegExp(`^${k}:\\s*(.+)$`, 'm'))?.[1].trim();
    if (!front) report(file, 1, 'no front matter (---, version:, title:, ---)');
    else for (const k of ['version', 'title']) if (!field(k)) report(file, 1, `the front matter has no ${k}`);
    (docs[f] ??= {})[lang] = {
      file,
      version: field('version'),
      figures: [...new Set(text.match(/\{[a-z_]+\}/g) ?? [])].sort().join(' '),
      sections: (text.match(/^## /gm) ?? []).length,
    };
  }
}
for (const [f, byLang] of Object.entries(docs)) {
  const present = Object.keys(byLang);
  for (const lang of docLangs.filter((l) => !present.includes(l))) report(join(documentsDir, lang, f), 1, `missing (${present.join(', ')} has it)`);
  const [first, ...rest] = present.map((l) => byLang[l]);
  for (const d of rest) {
    if (d.version !== first.version) report(d.file, 2, `version ${d.version}, but ${relative(process.cwd(), first.file)} is ${first.version}: one version in every language`);
    if (d.figures !== first.figures) report(d.file, 1, `shop figures "${d.figures}", but ${relative(process.cwd(), first.file)} has "${first.figures}"`);
    if (d.sections !== first.sections) report(d.file, 1, `${d.sections} sections (##), but ${relative(process.cwd(), first.file)} has ${first.sections}`);
  }
}

const count = Object.keys(messages[locales[0]] || {}).length;
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`i18n-check: ${problems.length} problem(s) in ${locales.length} locales`);
  process.exit(1);
}
console.log(`i18n-check: ${locales.join(', ')}: ${count} messages each, all parse, same ids and variables, all used; ${Object.keys(docs).length} documents in ${docLangs.join(', ')}, same versions, figures and sections`);
