// What a first visit to the home page downloads before the page is usable,
// as the browser saw it: every HTML, CSS, JS and wasm response (compressed, as
// served) from the start until the app has taken the server-drawn frame's
// place. Pictures and API answers are content, not the shop's code, and are
// listed apart. The pages' own wasm chunks must not be among them.
import { chromium } from 'playwright-core';

const [base] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const ctx = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
const page = await ctx.newPage();
await page.goto(base + '/');
await page.waitForFunction(() => !document.getElementById('shell'), null, { timeout: 15000 });
const entries = await page.evaluate(() => [
  ...performance.getEntriesByType('navigation'),
  ...performance.getEntriesByType('resource'),
].map((e) => ({ url: new URL(e.name).pathname, bytes: e.encodedBodySize })));
await browser.close();

const code = entries.filter((e) => e.url === '/' || /\.(html|css|js|wasm)$/.test(e.url));
const bytes = code.reduce((s, e) => s + e.bytes, 0);
const other = entries.length - code.length;
console.log(JSON.stringify({ files: code, bytes, other_requests: other }));
