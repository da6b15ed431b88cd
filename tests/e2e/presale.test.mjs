// A pre-sale (预售) on a phone, in both languages: cherries of a season that
// opens in two months, sold now and shipped in the first ten days of it.
// The window is on the listing's card, the product page, the cart, the
// confirm step and the order; a cart that mixes it with goods that ship now
// is told to order them apart; the seller cannot fill it, the operator ends
// it (`presale unfilled`), and the order page says so in the shopper's
// language, refunded in full, with one SMS.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FOR_ORDER, accepted, agreeToOrder, fillIdentity, launch, phone, shots, startShop } from './shop.mjs';
import { sellerHelpers } from './sellers.mjs';

let shop, browser;
before(async () => { mkdirSync(shots, { recursive: true }); shop = await startShop(); browser = await launch(); });
after(async () => { await browser?.close(); await shop?.stop(); });

/** The month `ahead` months from now in China (1-12) and its year. */
function monthAhead(ahead) {
  const china = new Date(Date.now() + 8 * 3600 * 1000);
  const n = china.getUTCMonth() + ahead;
  return { year: china.getUTCFullYear() + Math.floor(n / 12), month: (n % 12) + 1 };
}

const pad = (n) => String(n).padStart(2, '0');
const { year, month } = monthAhead(2);
const season = `${month}-${monthAhead(3).month}`;
const from = `${year}-${pad(month)}-01`;
const to = `${year}-${pad(month)}-10`;
const monthShort = { 'zh-CN': `${month}月`, 'en-US': new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en-US', { month: 'short', timeZone: 'UTC' }) };

const words = {
  'zh-CN': {
    badge: '预售', ships: `预售：${monthShort['zh-CN']}1日–${monthShort['zh-CN']}10日发货`, add: '加入购物车',
    apart: '预售商品按发货时间单独下单', paid: `这是预售订单，将在 ${monthShort['zh-CN']}1日–${monthShort['zh-CN']}10日 申报清关并发货`, unfilled: '卖家今年的收成无法履约这笔预售', sms: '无法履约您的预售订单',
  },
  'en-US': {
    badge: 'Pre-sale', ships: `Pre-sale: ships ${monthShort['en-US']} 1–${monthShort['en-US']} 10`, add: 'Add to cart',
    apart: 'Pre-sale goods are ordered on their own', paid: `This is a pre-sale: it is declared to customs and ships ${monthShort['en-US']} 1–${monthShort['en-US']} 10`, unfilled: 'the seller cannot fill this pre-sale', sms: 'cannot fill your haitao pre-sale',
  },
};

/** Imports and publishes a pre-sale of cherries as the seller would. */
function importPresale(slug, sku) {
  const dir = mkdtempSync(join(tmpdir(), 'haitao-presale-'));
  const file = join(dir, 'presale.csv');
  writeFileSync(file, [
    'slug,category,name_zh,name_en,description_zh,description_en,origin_state,tax_class,channel,images,season,sku,variant_zh,variant_en,price_usd,stock,presale',
    `${slug},fruit,预售宾莹樱桃,Bing Cherries Pre-sale,今年第一批，采摘后冷链直发。,"This year's first pick, sent cold from the orchard.",WA,vat9,cold_chain,/img/p/bing-cherries-400.webp,${season},${sku},2 公斤装,2 kg box,49.00,50,${from}..${to}`,
  ].join('\n') + '\n');
  shop.cli('import', '--seller', 'cascade-orchards', file);
  shop.cli('publish', '--seller', 'cascade-orchards', '--product', slug);
}

async function smsTo(number) {
  return (await (await fetch(`${shop.base}/api/dev/sms?phone=${number}`)).json()).map((m) => m.text);
}

for (const [n, lang] of ['zh-CN', 'en-US'].entries()) {
  test(`a pre-sale sells ahead of its season, shows its window to the order, and is refunded when the harvest fails (${lang})`, async () => {
    const w = words[lang];
    const slug = `presale-cherries-${n}`;
    const sku = `PSC-${n}`;
    importPresale(slug, sku);
    const { ctx, page, errors } = await phone(browser, lang);

    // The listing says pre-sale, not out of season (the change log reaches the server's listing).
    let card;
    for (let i = 0; i < 20; i++) {
      await page.goto(`${shop.base}/c/fruit?lang=${lang}`);
      card = page.locator(`a.card[href="/p/${slug}"]`);
      if (await card.count()) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await card.scrollIntoViewIfNeeded();
    assert.equal((await card.locator('.badge-presale').textContent()).trim(), w.badge);
    assert.equal(await card.locator('.badge-out').count(), 0);
    await page.screenshot({ path: join(shots, `presale-card-${lang}.png`) });

    // The page: sold now, shipped in the window.
    await page.goto(`${shop.base}/p/${slug}?lang=${lang}`);
    await page.locator('.product .presale-note').waitFor();
    assert.equal((await page.textContent('.product .presale-note')).trim(), w.ships);
    assert.equal(await page.isVisible('.stock-state'), false, 'no "in stock": it is not on hand yet');
    assert.ok((await page.textContent('.facts')).includes(w.ships), 'the shipping fact gives the window');
    const add = page.getByRole('button', { name: w.add });
    assert.equal(await add.isDisabled(), false);
    await page.screenshot({ path: join(shots, `presale-product-${lang}.png`) });
    await add.click();

    // With goods that ship now: ordered apart, and the checkout waits.
    await page.goto(`${shop.base}/p/maple-candy?lang=${lang}`);
    await page.getByRole('button', { name: w.add }).click();
    await page.goto(`${shop.base}/cart?lang=${lang}`);
    await page.locator('.presale-mixed').waitFor();
    assert.ok((await page.textContent('.presale-mixed')).includes(w.apart));
    assert.equal(await page.getAttribute('.checkout-btn', 'aria-disabled'), 'true');
    assert.equal((await page.locator('.cart-line .presale-note').textContent()).trim(), w.ships);
    await page.screenshot({ path: join(shots, `presale-cart-mixed-${lang}.png`) });
    const candy = page.locator('.cart-line', { hasNotText: w.ships });
    await candy.locator('.remove-line').click();
    await page.waitForFunction(() => !document.querySelector('.presale-mixed'));
    await page.waitForFunction(() => document.querySelector('.checkout-btn')?.getAttribute('aria-disabled') === 'false');

    // Address, ID, payment method; the confirm step gives the window.
    await page.click('.checkout-btn');
    await page.waitForSelector('#f-province option[value="上海市"]', { state: 'attached' });
    const mobile = `1393333444${n}`;
    await page.fill('#f-recipient', '张三');
    await page.fill('#f-mobile', mobile);
    await page.selectOption('#f-province', '上海市');
    await page.selectOption('#f-district', '浦东新区');
    await page.fill('#f-street', '世纪大道100号');
    await page.fill('#f-postcode', '200120');
    await fillIdentity(page);
    await page.check('input[name=method][value=alipay]');
    await page.click('.next-step');
    await page.waitForSelector('.review .totals');
    await agreeToOrder(page);
    assert.equal((await page.textContent('.review-goods .presale-note')).trim(), w.ships);
    await page.screenshot({ path: join(shots, `presale-review-${lang}.png`), fullPage: true });
    await page.click('.place-order');
    await page.waitForURL(/\/sandbox\/pay\//);
    await page.click('button.pay');
    await page.waitForSelector('[data-status=paid]');
    assert.equal((await page.textContent('.order-ships')).trim(), w.ships);
    assert.ok((await page.textContent('.order-placed')).includes(w.paid), await page.textContent('.order-placed'));
    const orderUrl = page.url();
    await page.screenshot({ path: join(shots, `presale-order-${lang}.png`) });

    // The harvest fails: the operator ends it; the order says why, refunded in full.
    const said = shop.cli('presale', 'unfilled', slug);
    assert.match(said, /refunded in full/);
    await page.goto(orderUrl);
    await page.locator('.cancel-reason').waitFor();
    assert.ok((await page.textContent('.cancel-reason')).includes(w.unfilled), await page.textContent('.cancel-reason'));
    assert.equal(await page.getAttribute('.cancel-reason', 'data-reason'), 'presale_unfilled');
    assert.equal(await page.locator('.order-ships').count(), 0, 'no promise left');
    assert.equal(await page.locator('.buy-again').count(), 0, 'not offered again');
    await page.screenshot({ path: join(shots, `presale-unfilled-${lang}.png`), fullPage: true });
    let told = [];
    for (let i = 0; i < 60 && told.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      told = (await smsTo(mobile)).filter((t) => t.includes(w.sms));
    }
    assert.equal(told.length, 1, 'one SMS');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

const sellerWords = {
  'zh-CN': { window: `预售：${monthShort['zh-CN']}1日 起发货，${monthShort['zh-CN']}10日 前发出`, end: '无法履约，全额退款', ended: '已全额退款 1 笔订单' },
  'en-US': { window: `Pre-sale: ship from ${monthShort['en-US']} 1, by ${monthShort['en-US']} 10`, end: 'Cannot fill: refund everyone', ended: 'Refunded in full: 1.' },
};

for (const [n, lang] of ['zh-CN', 'en-US'].entries()) {
  test(`the seller ends a pre-sale they cannot fill from the seller centre (${lang})`, async () => {
    const w = sellerWords[lang];
    const slug = `presale-seller-${n}`;
    const sku = `PSS-${n}`;
    importPresale(slug, sku);
    // A shopper has paid for it.
    const body = {
      lines: [{ sku, qty: 1 }],
      address: { recipient: '李四', mobile: `1393333555${n}`, province: '上海市', city: '市辖区', district: '浦东新区', street: '世纪大道100号', postcode: '200120' },
      identity: { name: '李四', id_number: '11010519491231002X' },
      accepted: await accepted(shop.base, FOR_ORDER),
    };
    const placed = await fetch(`${shop.base}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `presale-seller-${n}-${process.pid}` }, body: JSON.stringify(body) });
    assert.equal(placed.status, 201, await placed.clone().text());
    const { id, access_token } = await placed.json();
    const pay = await (await fetch(`${shop.base}/api/orders/${id}/pay`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `presale-seller-pay-${n}-${process.pid}`, 'x-order-token': access_token }, body: JSON.stringify({ method: 'alipay' }) })).json();
    const paid = await fetch(`${shop.base}/sandbox/pay/${pay.payment_id}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: shop.base }, body: 'outcome=succeeded' });
    assert.equal(paid.status, 303);

    // The seller, signed in, finds the pre-sale in the catalog and ends it.
    const email = `owner-${n}@cascade-orchards.example`;
    shop.cli('seller', 'invite', 'cascade-orchards', email);
    const { apiSignIn } = sellerHelpers(shop);
    const [name, value] = (await apiSignIn(email)).split('=');
    const { ctx, page, errors } = await phone(browser, lang);
    await ctx.addCookies([{ name, value, url: shop.base }]);
    await page.goto(`${shop.base}/seller/catalog?lang=${lang}`);
    const product = page.locator('.sc-product', { hasText: slug });
    await product.locator('.sc-presale summary').waitFor();
    assert.equal((await product.locator('.sc-presale summary').textContent()).trim(), w.window);
    await product.locator('.sc-presale summary').click();
    await product.getByRole('button', { name: w.end }).click();
    await page.locator('.sc-presale-ended').waitFor();
    assert.ok((await page.locator('.sc-presale-ended').textContent()).includes(w.ended));
    // The list is drawn again: nothing of it left to sell.
    await page.waitForFunction((s) => [...document.querySelectorAll('.sc-product')].find((p) => p.textContent.includes(s))?.querySelector('input[name=stock]')?.value === '0', slug);
    await page.screenshot({ path: join(shots, `presale-seller-ended-${lang}.png`) });
    const order = await (await fetch(`${shop.base}/api/orders/${id}`, { headers: { 'x-order-token': access_token } })).json();
    assert.equal(order.cancel_reason, 'presale_unfilled');
    assert.equal(order.refunds[0].amount.amount, order.quote.total.amount, 'refunded in full');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}
