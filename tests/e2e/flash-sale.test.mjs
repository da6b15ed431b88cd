// The sold-out moment of a drop, on a phone in both languages: the last
// unit taken, the listing and the product page say sold out at once; a
// shopper signs in from the page and asks to be told when it is back; the
// unit comes back (the other buyer cancels), and the shopper gets one SMS
// and can add it to the cart again.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { accepted, launch, phone, shots, startShop } from './shop.mjs';

const SLUG = 'raw-clover-honey';
const words = {
  'zh-CN': { soldOut: '已售罄', signIn: '登录后可设置到货提醒', notify: '到货短信提醒我', waiting: '到货时', send: '获取验证码', sms: '已到货', add: '加入购物车' },
  'en-US': { soldOut: 'Sold out', signIn: 'Sign in to be told when it is back', notify: 'Text me when it is back', waiting: 'back in stock', send: 'Send code', sms: 'back in stock', add: 'Add to cart' },
};
const phones = { 'zh-CN': '13933331111', 'en-US': '13933332222' };

let shop, browser;
before(async () => { mkdirSync(shots, { recursive: true }); shop = await startShop(); browser = await launch(); });
after(async () => { await browser?.close(); await shop?.stop(); });

async function smsTo(number) {
  return (await (await fetch(`${shop.base}/api/dev/sms?phone=${number}`)).json()).map((m) => m.text);
}

/** Another buyer takes the last unit of the product; their order. */
async function takeTheLast(n) {
  const p = await (await fetch(`${shop.base}/api/products/${SLUG}`)).json();
  const [first, ...rest] = p.variants.map((v) => v.sku);
  for (const sku of rest) shop.sql(`UPDATE variants SET stock = 0 WHERE sku = '${sku}'`);
  shop.sql(`UPDATE variants SET stock = 1 WHERE sku = '${first}'`);
  const body = {
    lines: [{ sku: first, qty: 1 }],
    address: { recipient: '李四', mobile: '13800138000', province: '上海市', city: '市辖区', district: '浦东新区', street: '世纪大道100号', postcode: '200120' },
    identity: { name: '李四', id_number: '11010519491231002X' },
    accepted: await accepted(shop.base, ['notice', 'consent-id', 'consent-abroad']),
  };
  const res = await fetch(`${shop.base}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `last-unit-${n}-${process.pid}` }, body: JSON.stringify(body) });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  return JSON.parse(text);
}

for (const [n, lang] of ['zh-CN', 'en-US'].entries()) {
  test(`a drop sells out and a shopper is told when it is back (${lang})`, async () => {
    const w = words[lang];
    const number = phones[lang];
    const { ctx, page, errors } = await phone(browser, lang);
    const order = await takeTheLast(n);

    // At once, in the listing and on the page.
    await page.goto(`${shop.base}/c/honey?lang=${lang}`);
    const card = page.locator(`a.card[href="/p/${SLUG}"]`);
    await card.scrollIntoViewIfNeeded();
    assert.ok((await card.textContent()).includes(w.soldOut), await card.textContent());
    await page.goto(`${shop.base}/p/${SLUG}?lang=${lang}`);
    const button = page.locator('.add-to-cart');
    assert.equal((await button.textContent()).trim(), w.soldOut);
    assert.ok(await button.isDisabled());
    await page.screenshot({ path: join(shots, `sale-sold-out-${lang}.png`) });

    // A guest signs in from the page and comes back to it.
    await page.getByRole('link', { name: w.signIn }).click();
    await page.waitForURL(/\/account\?back=/);
    await page.locator('#f-phone').fill(number);
    await page.locator('input[name=agree-terms]').check();
    await page.getByRole('button', { name: w.send }).click();
    await page.locator('.code-sent').waitFor();
    const code = (await smsTo(number))[0].match(/\d{6}/)[0];
    await page.locator('#f-code').fill(code);
    await page.locator('.sign-in-btn').click();
    await page.waitForURL(new RegExp(`/p/${SLUG}$`));
    await page.getByRole('button', { name: w.notify }).click();
    await page.locator('.harvest-waiting').waitFor();
    assert.ok((await page.textContent('.harvest-waiting')).includes(w.waiting));
    await page.screenshot({ path: join(shots, `sale-notify-${lang}.png`) });

    // The other buyer cancels: the unit is back, and the shopper is told once.
    const cancel = await fetch(`${shop.base}/api/orders/${order.id}/cancel`, { method: 'POST', headers: { 'x-order-token': order.access_token } });
    const said = await cancel.text();
    assert.equal(cancel.status, 200, said);
    let told = [];
    for (let i = 0; i < 60 && told.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      told = (await smsTo(number)).filter((t) => t.includes(w.sms));
    }
    assert.equal(told.length, 1, 'one SMS when it is back');
    await page.reload();
    await page.getByRole('button', { name: w.add }).waitFor();
    assert.equal(await page.locator('.harvest-wish').count(), 0, 'nothing to wait for');
    await page.screenshot({ path: join(shots, `sale-back-${lang}.png`) });
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

const countdown = {
  'zh-CN': { opensIn: /^距开售 00:00:\d\d$/, opensAt: '开售（北京时间）', add: '加入购物车' },
  'en-US': { opensIn: /^On sale in 00:00:\d\d$/, opensAt: 'Beijing time', add: 'Add to cart' },
};

for (const lang of ['zh-CN', 'en-US']) {
  test(`a drop counts down on the page and opens on the second, without a reload (${lang})`, async () => {
    const w = countdown[lang];
    const slug = 'maple-candy';
    const opens = new Date(Date.now() + 8000);
    shop.sql(`UPDATE products SET sale_starts_at = '${opens.toISOString().replace(/\.\d+Z$/, 'Z')}' WHERE slug = '${slug}'`);
    const { ctx, page, errors } = await phone(browser, lang);
    await page.goto(`${shop.base}/p/${slug}?lang=${lang}`);
    const button = page.locator('.add-to-cart');
    await page.waitForFunction(() => document.querySelector('.add-to-cart')?.classList.contains('sale-ahead'));
    assert.match((await button.textContent()).trim(), w.opensIn);
    assert.ok(await button.isDisabled(), 'not before the second');
    assert.ok((await page.textContent('.sale-opens')).includes(w.opensAt));
    await page.screenshot({ path: join(shots, `sale-countdown-${lang}.png`) });
    // The second comes: the button opens by itself.
    await page.getByRole('button', { name: w.add }).waitFor({ timeout: 15000 });
    assert.ok(Date.now() >= opens.getTime() - 1000, 'not early');
    assert.equal(await button.isDisabled(), false);
    await page.screenshot({ path: join(shots, `sale-opened-${lang}.png`) });
    shop.sql(`UPDATE products SET sale_starts_at = NULL WHERE slug = '${slug}'`);
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}
