#!/usr/bin/env node
// Cuts the release storefront's wasm into the part every page needs and
// chunks fetched when a page is first opened (src/pages/on_demand.rs), after
// `trunk build` has made dist/: trunk 0.21 cannot split, so this redoes its
// wasm step on the same cargo output (built with `--cfg haitao_split` and
// `--emit-relocs`, see the Makefile) and puts the result under trunk's names.
//
//   wasm-split-cli (crates.io wasm_split_cli_support, what cargo-leptos runs)
//   -> wasm-bindgen on the main part (same options as trunk's, and keeping the
//      function table the chunks call through)
//   -> wasm-opt -Oz on every part
//   -> chunks and their loader named by content hash (served immutable),
//      index.html's integrity hashes redone.
//
// usage: node scripts/split-wasm.mjs DIST CARGO_WASM
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [dist, cargoWasm] = process.argv.slice(2);
if (!dist || !cargoWasm) {
  console.error('usage: split-wasm.mjs DIST CARGO_WASM');
  process.exit(2);
}

// The wasm features Rust 1.95 emits for wasm32 (as trunk passes them to wasm-opt).
const WASM_OPT = ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-reference-types', '--enable-mutable-globals'];

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
// wasm-opt warns about the chunks' name section (a subsection it does not know)
// for every chunk; its errors still fail the build, with what it said.
const wasmOpt = (input, output) => {
  try {
    execFileSync('wasm-opt', [...WASM_OPT, input, '-o', output], { stdio: ['ignore', 'inherit', 'pipe'] });
  } catch (e) {
    throw new Error(`split-wasm: wasm-opt failed on ${input}:\n${e.stderr ?? e.message}`);
  }
};
const hash16 = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

const mainJs = readdirSync(dist).find((f) => /^haitao-[0-9a-f]{12,16}\.js$/.test(f));
if (!mainJs) throw new Error(`split-wasm: no haitao-<hash>.js in ${dist}: run trunk build first`);
const stem = mainJs.slice(0, -'.js'.length);
const mainWasm = `${stem}_bg.wasm`;

const work = mkdtempSync(join(tmpdir(), 'haitao-split-'));
try {
  const cut = join(work, 'cut');
  run('wasm-split-cli', ['--target', 'web', '--out-name', stem, cargoWasm, cut]);
  const parts = readdirSync(cut).filter((f) => f.endsWith('.wasm') && f !== `${stem}.wasm`);
  if (parts.length === 0) {
    throw new Error('split-wasm: nothing was split off: was the wasm built with --cfg haitao_split and --emit-relocs?');
  }

  const bound = join(work, 'bound');
  run('wasm-bindgen', ['--target', 'web', '--weak-refs', '--no-typescript', '--keep-lld-exports',
    '--out-dir', bound, '--out-name', stem, join(cut, `${stem}.wasm`)]);
  wasmOpt(join(bound, mainWasm), join(dist, mainWasm));

  // Chunks: optimised, then named by what they hold.
  let loader = readFileSync(join(cut, '__wasm_split.js'), 'utf8');
  let chunkBytes = 0;
  for (const part of parts) {
    const opt = join(work, part);
    wasmOpt(join(cut, part), opt);
    const bytes = readFileSync(opt);
    const named = `${part.replace(/\.wasm$/, '').replace(/^split_+/, '').replace(/_\d{6,}$/, '')}-${hash16(bytes)}.wasm`;
    const ref = `"./${part}"`;
    if (!loader.includes(ref)) throw new Error(`split-wasm: the loader does not name ${part}`);
    loader = loader.replaceAll(ref, `"./${named}"`);
    writeFileSync(join(dist, named), bytes);
    chunkBytes += bytes.length;
  }
  const loaderName = `wasm-split-${hash16(loader)}.js`;
  writeFileSync(join(dist, loaderName), loader);

  // The main module imports the loader (and the loader imports it back); the
  // wasm's own import module name, a key in the imports object, stays.
  const js = readFileSync(join(bound, `${stem}.js`), 'utf8');
  const from = 'from "./__wasm_split.js"';
  if (!js.includes(from)) throw new Error('split-wasm: the main module does not import the split loader');
  writeFileSync(join(dist, mainJs), js.replaceAll(from, `from "./${loaderName}"`));

  // index.html preloads the main module and wasm with integrity hashes: redo them.
  const indexPath = join(dist, 'index.html');
  const html = readFileSync(indexPath, 'utf8').replace(/<link[^>]*>/g, (tag) => {
    const href = /href=["']?\/?([^"' >]+)/.exec(tag)?.[1];
    if (href !== mainJs && href !== mainWasm) return tag;
    return tag.replace(/integrity=("?)sha384-[A-Za-z0-9+/=]+\1/, `integrity=$1${sri(readFileSync(join(dist, href)))}$1`);
  });
  writeFileSync(indexPath, html);

  const size = (f) => readFileSync(join(dist, f)).length;
  console.log(`split-wasm: ${mainWasm} ${size(mainWasm)} B; ${parts.length} chunks ${chunkBytes} B; loader ${loaderName}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
