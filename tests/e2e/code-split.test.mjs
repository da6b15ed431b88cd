// The storefront's wasm comes in parts (src/pages/on_demand.rs): the home page
// loads without any page's chunk, a page's chunk comes when it is opened, and
// a chunk that cannot be fetched gives a translated network error with a
// retry, not a dead shop.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launch, phone, shots, startShop } from './shop.mjs';

let shop, browser;
before(async () => { mkdirSync(shots, { recursive: true }); shop = await startShop(); browser = await launch(); });
after(async () => { await browser?.close(); await shop?.stop(); });

const wasmOf = (urls) => urls.filter((u) => u.endsWith('.wasm')).map((u) => new URL(u).pathname);

test('the home page loads one wasm; a page\'s chunk comes when it opens and is cached for good', async () => {
  const { ctx, page, errors } = await phone(browser, 'zh-CN');
  const fetched = [];
  page.on('request', (r) => fetched.push(r.url()));
  await page.goto(`${shop.base}/`);
  const first = wasmOf(fetched);
  assert.equal(first.length, 1, `wasm before the home page was usable: ${first}`);
  assert.match(first[0], /^\/haitao-[0-9a-f]+_bg\.wasm$/);

  // Straight to a page whose code has not come yet.
  fetched.length = 0;
  await page.click('a.cart-link');
  await page.waitForSelector('main.page:not([aria-busy]) h1');
  assert.equal(await page.textContent('main h1'), '购物车');
  const chunks = wasmOf(fetched);
  assert.ok(chunks.some((u) => /^\/buy-[0-9a-f]{16}\.wasm$/.test(u)), `chunks fetched for the cart: ${chunks}`);

  const res = await page.request.get(shop.base + chunks[0], { headers: { 'accept-encoding': 'br' } });
  assert.equal(res.headers()['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(res.headers()['content-encoding'], 'br');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a page whose code cannot be fetched says so in the shopper\'s language, and shows once retried', async () => {
  for (const [locale, title, retry, heading] of [
    ['zh-CN', '网络连接失败', '重试', '购物车'],
    ['en-US', "Can't reach the shop", 'Try again', 'Your cart'],
  ]) {
    const { ctx, page, errors } = await phone(browser, locale);
    // The phone goes offline before the cart's code has come.
    await page.goto(`${shop.base}/`);
    await ctx.setOffline(true);
    await page.click('a.cart-link');
    await page.locator('main .error-panel').getByText(title).waitFor();
    await page.screenshot({ path: `${shots}/code-split-offline-${locale}.png` });

    // A retry while still offline changes nothing (no reload into the browser's
    // offline page); back online, the retry brings the page, and the shop never stopped.
    await page.getByRole('button', { name: retry }).click();
    await page.waitForTimeout(300);
    await page.locator('main .error-panel').getByText(title).waitFor();
    await ctx.setOffline(false);
    await page.getByRole('button', { name: retry }).click();
    await page.locator('main h1').getByText(heading).waitFor();
    await page.click('a.logo');
    await page.waitForSelector('main.page:not([aria-busy]) .grid .card');
    assert.deepEqual(errors, []);
    await ctx.close();
  }
});

test('a page whose code is gone (a new release since the tab opened) comes back by a reload, the cart kept', async () => {
  const { ctx, page, errors } = await phone(browser, 'en-US');
  await page.goto(`${shop.base}/p/sockeye-salmon`);
  await page.click('.add-to-cart');
  await page.locator('.cart-count').getByText('1').waitFor();
  // The server answers 404 for the cart's code, as after a release that renamed it.
  const gone = /\/buy-[0-9a-f]{16}\.wasm$/;
  await ctx.route(gone, (r) => r.fulfill({ status: 404, body: '' }));
  await page.click('a.cart-link');
  await page.locator('main .error-panel').waitFor();

  // Online, the retry that still gets no code reloads the page.
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Try again' }).click();
  await reloaded;
  await page.locator('main .error-panel').waitFor();
  assert.equal(new URL(page.url()).pathname, '/cart');

  // The new release's code is there: the cart, with what was in it.
  await ctx.unroute(gone);
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.locator('main h1').getByText('Your cart').waitFor();
  await page.locator('.cart-line').first().waitFor();
  assert.equal(await page.locator('.cart-line').count(), 1);
  assert.deepEqual(errors, []);
  await ctx.close();
});
