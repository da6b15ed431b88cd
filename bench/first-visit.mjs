// What a first visit to the home page downloads before the page is usable,
// as the browser saw it: every HTML, CSS, JS, wasm and message (.ftl)
// response (compressed, as served) from the start until the app has taken the
// server-drawn frame's place, for a Chinese and for an English browser (the
// wasm carries the Chinese messages; an English visit fetches its own). The
// larger of the two is the figure judged. Pictures and API answers are
// content, not the shop's code, and are listed apart. The pages' own wasm
// chunks must not be among them.
import { chromium } from 'playwright-core';

const [base] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
async function visit(locale) {
  const ctx = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, locale });
  const page = await ctx.newPage();
  await page.goto(base + '/');
  await page.waitForFunction(() => !document.getElementById('shell'), null, { timeout: 15000 });
  const entries = await page.evaluate(() => [
    ...performance.getEntriesByType('navigation'),
    ...performance.getEntriesByType('resource'),
  ].map((e) => ({ url: new URL(e.name).pathname, bytes: e.encodedBodySize })));
  await ctx.close();
  const files = entries.filter((e) => e.url === '/' || /\.(html|css|js|wasm|ftl)$/.test(e.url));
  return { locale, files, bytes: files.reduce((s, e) => s + e.bytes, 0), other_requests: entries.length - files.length };
}

const visits = [await visit('zh-CN'), await visit('en-US')];
await browser.close();
const largest = visits.reduce((a, b) => (b.bytes > a.bytes ? b : a));
console.log(JSON.stringify({ ...largest, by_locale: Object.fromEntries(visits.map((v) => [v.locale, v.bytes])) }));
