// Saves the first screen of each page as the shop renders it, as plain HTML
// without scripts (same CSS, same images), so Lighthouse can measure how
// fast the same page could paint with no wasm at all.
// Usage: node bench/static-pages.mjs BASE DIST name=/path ...
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, dist, ...pages] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const ctx = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true, locale: 'zh-CN' });
mkdirSync(join(dist, 'static'), { recursive: true });
for (const spec of pages) {
  const [name, path] = spec.split('=');
  const page = await ctx.newPage();
  await page.goto(base + path + (path.includes('?') ? '&' : '?') + 'lang=zh-CN', { waitUntil: 'networkidle' });
  // The app has taken the server-drawn frame's place.
  await page.waitForFunction(() => !document.getElementById('shell'), null, { timeout: 15000 });
  await page.waitForTimeout(500);
  const html = await page.evaluate(() => {
    const doc = document.documentElement.cloneNode(true);
    doc.querySelectorAll('script, link[rel=modulepreload], link[rel=preload]').forEach((e) => e.remove());
    return '<!doctype html>\n' + doc.outerHTML;
  });
  writeFileSync(join(dist, 'static', `${name}.html`), html);
  console.log(`static-pages: ${name} ${path} -> /static/${name}.html (${html.length} bytes)`);
  await page.close();
}
await browser.close();
