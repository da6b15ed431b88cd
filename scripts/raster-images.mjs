// Renders the product drawings (assets/products/*.svg) to the WebP files the
// shop serves: 400 and 800 pixels wide, for one- and two-times screens.
// Raster images decode off the main thread; SVG would rasterise on it.
// Run after changing a drawing: node scripts/raster-images.mjs
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';

const root = resolve(import.meta.dirname, '..');
const src = join(root, 'assets', 'products');
const out = join(root, 'public', 'img', 'p');
mkdirSync(out, { recursive: true });
let n = 0;
for (const file of readdirSync(src).filter((f) => f.endsWith('.svg')).sort()) {
  const name = file.slice(0, -4);
  for (const width of [400, 800]) {
    await sharp(join(src, file), { density: 72 * (width / 400) * 2 })
      .resize(width, width)
      .webp({ quality: 82, effort: 6 })
      .toFile(join(out, `${name}-${width}.webp`));
    n++;
  }
}
console.log(`wrote ${n} images to ${out}`);
