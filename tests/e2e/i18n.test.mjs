// Every route in both languages on a phone: no raw message id, no
// "Unknown localization", and in Chinese no English interface words
// (product content, brand names and units aside).
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { FOR_ORDER, accepted, launch, phone, shots, startShop } from './shop.mjs';

const root = resolve(import.meta.dirname, '..', '..');
// Message ids with a hyphen cannot be mistaken for words.
const ids = readdirSync(join(root, 'locales', 'en-US')).flatMap((f) =>
  [...readFileSync(join(root, 'locales', 'en-US', f), 'utf8').matchAll(/^([a-z][a-z0-9_-]*-[a-z0-9_-]+) =/gm)].map((m) => m[1]));
// Latin words a Chinese page may show: brands, certifications, units, the
// language switch (named in its own language), the search example, codes.
const allowed = new Set(['English', 'USDA', 'MSC', 'GMP', 'DHA', 'EPA', 'Omega', 'JJ', 'IU', 'CFU', 'kg', 'ml', 'oz', 'lb', 'US', 'No',
  'yingtao', 'cherry', 'X']);

let shop, browser, orderId, orderToken;
before(async () => {
  mkdirSync(shots, { recursive: true });
  shop = await startShop();
  browser = await launch();
  const body = {
    lines: [{ sku: 'AL-500G', qty: 1 }],
    address: { recipient: '张三', mobile: '13800138000', province: '上海市', city: '市辖区', district: '浦东新区', street: '世纪大道100号', postcode: '200120' },
    identity: { name: '张三', id_number: '11010519491231002X' },
    accepted: await accepted(shop.base, FOR_ORDER),
  };
  const res = await fetch(`${shop.base}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'i18n-sweep-order-1' }, body: JSON.stringify(body) });
  const placed = await res.json();
  orderId = placed.id;
  orderToken = placed.access_token;
});
after(async () => { await browser?.close(); await shop?.stop(); });

const routes = () => ['/', '/c/fresh', '/search?q=樱桃', '/search?q=不存在的东西', '/p/rainier-cherries', '/s/kodiak-catch', '/cart',
  '/checkout/address', '/checkout/identity', '/checkout/payment', `/orders/${orderId}?t=${orderToken}`, '/account', '/account/orders', '/legal/terms', '/legal/notice', '/no/such/page'];

for (const lang of ['zh-CN', 'en-US']) {
  test(`every route reads right in ${lang}`, async () => {
    const { ctx, page, errors } = await phone(browser, lang);
    // A cart line, so the cart and checkout pages show their content.
    await page.goto(`${shop.base}/p/roasted-almonds?lang=${lang}`);
    await page.waitForSelector('.add-to-cart');
    await page.click('.add-to-cart');
    for (const route of routes()) {
      await page.goto(`${shop.base}${route}`);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      assert.equal(await page.getAttribute('html', 'lang'), lang, route);
      const text = await page.evaluate(() => document.body.innerText + ' ' + document.title + ' ' +
        [...document.querySelectorAll('[aria-label],[placeholder],[title],img[alt]')].map((e) =>
          [e.getAttribute('aria-label'), e.getAttribute('placeholder'), e.getAttribute('title'), e.getAttribute('alt')].join(' ')).join(' '));
      assert.ok(!text.includes('Unknown localization'), `${lang} ${route}: Unknown localization`);
      const raw = ids.filter((id) => new RegExp(`(^|[^a-z-])${id}($|[^a-z-])`).test(text));
      assert.deepEqual(raw, [], `${lang} ${route}: raw message ids`);
      if (lang === 'zh-CN') {
        // The order number is a code, not a word.
        const words = [...new Set(text.split(orderId).join(' ').match(/[A-Za-z]{2,}/g) || [])].filter((w) => !allowed.has(w));
        assert.deepEqual(words, [], `zh-CN ${route}: English words on a Chinese page`);
      }
      const name = route.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home';
      await page.screenshot({ path: `${shots}/i18n-${lang}-${name}.png` });
    }
    assert.deepEqual(errors, [], 'no script errors');
    await ctx.close();
  });
}

test('the browser language decides when nothing else does; the switch keeps cart and form', async () => {
  const { ctx, page } = await phone(browser, 'en-GB');
  await page.goto(`${shop.base}/`);
  await page.waitForSelector('.grid .card:not(.skeleton)');
  assert.equal(await page.getAttribute('html', 'lang'), 'en-US', 'en-GB reads English');
  await ctx.close();

  const zh = await phone(browser, 'zh-TW');
  await zh.page.goto(`${shop.base}/`);
  await zh.page.waitForSelector('.grid .card:not(.skeleton)');
  assert.equal(await zh.page.getAttribute('html', 'lang'), 'zh-CN', 'zh-TW reads Chinese');
  // A half-filled form and the cart survive switching language.
  await zh.page.goto(`${shop.base}/p/roasted-almonds`);
  await zh.page.click('.add-to-cart');
  await zh.page.goto(`${shop.base}/checkout/address`);
  await zh.page.fill('#f-street', '世纪大道100号');
  await zh.page.click('.lang-switch');
  await zh.page.waitForFunction(() => document.documentElement.lang === 'en-US');
  assert.equal(await zh.page.inputValue('#f-street'), '世纪大道100号');
  assert.equal((await zh.page.textContent('.cart-count')).trim(), '1');
  assert.match(await zh.page.textContent('label[for=f-street]'), /Street address/);
  await zh.ctx.close();
});
