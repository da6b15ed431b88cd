// The locale check must fail on each kind of breakage, naming file and line.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(import.meta.dirname, '..', '..');
const script = join(root, 'scripts', 'i18n-check.mjs');

/** Runs the check on a copy of the locales and sources after `breakIt` edits the copy. */
function check(breakIt) {
  const dir = mkdtempSync(join(tmpdir(), 'i18n-'));
  try {
    cpSync(join(root, 'locales'), join(dir, 'locales'), { recursive: true });
    cpSync(join(root, 'src'), join(dir, 'src'), { recursive: true });
    cpSync(join(root, 'server', 'src'), join(dir, 'server-src'), { recursive: true });
    cpSync(join(root, 'documents'), join(dir, 'documents'), { recursive: true });
    breakIt(dir);
    try {
      const out = execFileSync('node', [script, '--locales', join(dir, 'locales'), '--src', join(dir, 'src'), '--server', join(dir, 'server-src'), '--documents', join(dir, 'documents')], { cwd: dir, stdio: 'pipe' });
      return { code: 0, out: out.toString() };
    } catch (e) {
      return { code: e.status, out: e.stderr.toString() };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const edit = (file, f) => writeFileSync(file, f(readFileSync(file, 'utf8')));

test('the real locale files pass', () => {
  const r = check(() => {});
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /all parse, same ids and variables, all used/);
});

test('a message missing in one locale fails', () => {
  const r = check((d) => edit(join(d, 'locales/en-US/cart.ftl'), (s) => s.replace(/^remove = .*\n/m, '')));
  assert.equal(r.code, 1);
  assert.match(r.out, /locales\/zh-CN\/cart\.ftl:\d+: "remove" is missing in en-US/);
});

test('an extra message no code uses fails', () => {
  const r = check((d) => {
    appendFileSync(join(d, 'locales/zh-CN/cart.ftl'), 'cart-extra = 多余\n');
    appendFileSync(join(d, 'locales/en-US/cart.ftl'), 'cart-extra = Extra\n');
  });
  assert.equal(r.code, 1);
  assert.match(r.out, /locales\/(zh-CN|en-US)\/cart\.ftl:\d+: "cart-extra" is not used by the code/);
});

test('a variable that differs between locales fails', () => {
  const r = check((d) => edit(join(d, 'locales/zh-CN/after-order.ftl'), (s) => s.replace('订单 { $id }', '订单 { $number }')));
  assert.equal(r.code, 1);
  assert.match(r.out, /"order-title" uses variables \{\$number\} in zh-CN but \{\$id\} in en-US/);
});

test('a syntax error fails with its line', () => {
  const r = check((d) => appendFileSync(join(d, 'locales/en-US/errors.ftl'), 'broken = { $unclosed\n'));
  assert.equal(r.code, 1);
  assert.match(r.out, /locales\/en-US\/errors\.ftl:\d+: syntax error/);
});

test('an id the code uses but no file defines fails', () => {
  const r = check((d) => edit(join(d, 'src/pages/not_found.rs'), (s) => s.replace('"not-found-body"', '"not-found-bdoy"')));
  assert.equal(r.code, 1);
  assert.match(r.out, /src\/pages\/not_found\.rs:\d+: "not-found-bdoy" is used here but no locale defines it/);
});

test('every US state code the import accepts has a name in each language', () => {
  const source = readFileSync(join(root, 'crates/haitao-core/src/us_states.rs'), 'utf8');
  const list = source.slice(source.indexOf('US_STATES'), source.indexOf('];'));
  const codes = [...list.matchAll(/"([A-Z]{2})"/g)].map((m) => m[1]);
  assert.equal(codes.length, 51);
  for (const lang of ['zh-CN', 'en-US']) {
    const ftl = readFileSync(join(root, `locales/${lang}/states.ftl`), 'utf8');
    for (const c of codes) assert.match(ftl, new RegExp(`^state-${c} = .+$`, 'm'), `${lang}: state-${c}`);
  }
});

test('a message the server looks up and no locale defines fails', () => {
  const r = check((d) => appendFileSync(join(d, 'server-src/head.rs'), '\nfn extra(lang: Lang) -> String { t(lang, "head-no-such-message") }\n'));
  assert.equal(r.code, 1);
  assert.match(r.out, /server-src\/head\.rs:\d+: "head-no-such-message" is used here but no locale defines it/);
});

// The legal documents: a translation out of step with its original is named.
test('a document whose versions differ between languages fails at its version line', () => {
  const r = check((d) => edit(join(d, 'documents/en-US/privacy.md'), (s) => s.replace(/^version: .*$/m, 'version: 2020-01-01')));
  assert.equal(r.code, 1);
  assert.match(r.out, /documents\/zh-CN\/privacy\.md:2: version \S+, but documents\/en-US\/privacy\.md is 2020-01-01: one version in every language/);
});

test('a shop figure dropped in a translation fails', () => {
  const r = check((d) => edit(join(d, 'documents/zh-CN/privacy.md'), (s) => s.replaceAll('{id_retention_days}', '90')));
  assert.equal(r.code, 1);
  assert.match(r.out, /documents\/zh-CN\/privacy\.md:1: shop figures "\{contact\}", but .*en-US\/privacy\.md has "\{contact\} \{id_retention_days\}"/);
});

test('a document missing in one language fails', () => {
  const r = check((d) => rmSync(join(d, 'documents/en-US/notice.md')));
  assert.equal(r.code, 1);
  assert.match(r.out, /documents\/en-US\/notice\.md:1: missing \(zh-CN has it\)/);
});
