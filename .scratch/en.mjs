import { chromium } from 'playwright-core';
const base = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const locale of ['en-US', 'zh-CN']) {
  const ctx = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, locale });
  const page = await ctx.newPage();
  const ftl = [];
  const errors = [];
  page.on('request', (r) => { if (r.url().includes('.ftl')) ftl.push(new URL(r.url()).pathname); });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(base + '/');
  await page.waitForFunction(() => !document.getElementById('shell'), null, { timeout: 15000 });
  await page.waitForTimeout(800);
  const header = await page.locator('header').innerText();
  await page.screenshot({ path: `/work/main/test-results/locales-${locale}-home.png` });
  // Switch language.
  const toggle = page.locator('header button[lang], header .lang-toggle, header button:has-text("EN"), header button:has-text("中")').first();
  await toggle.click();
  await page.waitForTimeout(1500);
  const after = await page.locator('header').innerText();
  await page.screenshot({ path: `/work/main/test-results/locales-${locale}-switched.png` });
  // Go to a product (browse chunk) and cart.
  await page.goto(base + '/cart');
  await page.waitForTimeout(1500);
  const cart = await page.locator('main').innerText();
  console.log(JSON.stringify({ locale, ftl, header: header.slice(0, 80), after: after.slice(0, 80), cart: cart.slice(0, 80), errors }));
  await ctx.close();
}
await browser.close();
