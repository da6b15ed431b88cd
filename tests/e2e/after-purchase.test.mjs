// After the parcel leaves, on a phone (375x812), in both languages: an order
// paid with WeChat Pay (the local fake) ships in two parcels; the
// development tracking provider moves them to delivered and the open order
// page follows without a reload; the shopper confirms receipt, asks for the
// money back for one damaged bag with a photo; the seller approves in the
// seller centre; the partial refund reaches WeChat Pay's fake and the order
// shows it; the shopper reviews the bag and the product page shows the
// review with its verified mark; the parcel's code opens the genuine page,
// and a code checked from 20 clients is flagged.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { launch, phone, shots, startFakes, startShop } from './shop.mjs';
import { sellerHelpers } from './sellers.mjs';

let fakes, shop, browser, helpers;
before(async () => {
  mkdirSync(shots, { recursive: true });
  fakes = await startFakes();
  shop = await startShop({
    ...fakes.env,
    HAITAO_PAYMENTS: 'alipay,wechat',
    // A tracking hour every tenth of a second: a parcel is delivered in about ten.
    HAITAO_DEV_TRACKING_SPEED: '36000',
    // Behind a proxy (this test's fetches): each X-Forwarded-For address is a client.
    HAITAO_TRUSTED_PROXIES: '127.0.0.1',
  });
  helpers = sellerHelpers(shop);
  shop.cli('seller', 'invite', 'golden-valley-nuts', 'nuts@golden-valley.example');
  shop.cli('seller', 'invite', 'prairie-bee', 'hives@prairie-bee.example');
  browser = await launch();
});
after(async () => { await browser?.close(); await shop?.stop(); fakes?.stop(); });

const words = {
  'zh-CN': { completed: '已完成', requested: '等待卖家处理', approved: '已同意并退款', refund: '售后申请已通过', verified: '已购买并签收', genuine: '正品查询', flagged: '次' },
  'en-US': { completed: 'Completed', requested: 'Waiting for the seller', approved: 'Approved and refunded', refund: 'your refund request was approved', verified: 'Verified purchase', genuine: 'Is it genuine?', flagged: 'times' },
};

/** A small PNG photo of a broken jar (red), as a phone's camera would hand it over. */
function png() {
  const crc = (buf) => {
    let c = ~0;
    for (const b of buf) { c ^= b; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; }
    return ~c >>> 0;
  };
  const chunk = (type, data) => {
    const head = Buffer.alloc(8); head.writeUInt32BE(data.length); head.write(type, 4);
    const tail = Buffer.alloc(4); tail.writeUInt32BE(crc(Buffer.concat([Buffer.from(type), data])));
    return Buffer.concat([head, data, tail]);
  };
  const [w, h] = [32, 24];
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(w); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  const rows = Buffer.concat(Array.from({ length: h }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, Buffer.from([200, 30, 30]))])));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

async function orderOf(id, token) {
  return (await fetch(`${shop.base}/api/orders/${id}`, { headers: { 'x-order-token': token } })).json();
}

async function until(what, check, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const got = await check();
    if (got) return got;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

for (const [n, lang] of [[1, 'zh-CN'], [2, 'en-US']]) {
  test(`${lang}: shipped, followed to the door, confirmed, a damaged line refunded, reviewed, checked genuine`, async () => {
    const { apiSignIn, apiCall, buy } = helpers;
    const w = words[lang];
    const nuts = await apiSignIn('nuts@golden-valley.example');
    const bees = await apiSignIn('hives@prairie-bee.example');
    let payment;
    const settle = async ({ payment_id: p, redirect_url: url }) => {
      payment = p;
      // The shop's own WeChat Pay page (a desktop's QR code) makes the transaction.
      await fetch(new URL(url, shop.base));
      const res = await fetch(`${fakes.env.HAITAO_WECHAT_API}/fake/wechat/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `out_trade_no=${p}` });
      assert.equal(res.status, 204);
    };
    const { id, token } = await buy('HO-500G', `1390000${n}111`, `after-${n}`, { method: 'wechat', settle });
    await until('paid', async () => (await orderOf(id, token)).status === 'paid');

    // Each seller sends its parcel.
    for (const [cookie, sku, qty, carrier, waybill] of [[nuts, 'AL-500G', 1, 'ups', `1Z999AA1012345678${n}`], [bees, 'HO-500G', 2, 'usps', `940011189922310000124${n}`]]) {
      const { body: list } = await apiCall(cookie, 'GET', '/api/seller/shipments?status=to_ship');
      const mine = list.shipments.find((s) => s.order_id === id);
      const sent = await apiCall(cookie, 'POST', `/api/seller/shipments/${mine.id}/parcels`, { carrier, waybill, lines: [{ sku, qty }] }, { 'idempotency-key': `after-${n}-${sku}` });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
    }

    const { ctx, page, errors } = await phone(browser, lang);
    await page.goto(`${shop.base}/orders/${id}?t=${token}&lang=${lang}`);
    await page.waitForSelector('.progress .track-step');
    await page.screenshot({ path: `${shots}/after-${lang}-shipped.png`, fullPage: true });
    // The parcels move; the open page follows them to the door, no reload.
    await page.waitForSelector('.order-status .badge[data-status=delivered]', { timeout: 40000 });
    assert.equal(await page.locator('.parcels li[data-state=delivered]').count(), 2);
    assert.ok(await page.locator('.track-step[data-kind=customs]').count() >= 2, 'each parcel cleared at Shanghai');
    assert.equal(await page.locator('.track-step[data-kind=delivered]').first().isVisible(), true);
    await page.screenshot({ path: `${shots}/after-${lang}-delivered.png`, fullPage: true });

    // 确认收货.
    await page.click('.receipt-btn');
    await page.click('.receipt-confirm');
    await page.waitForSelector('.order-status .badge[data-status=completed]');
    assert.equal((await page.textContent('.order-status .badge')).trim(), w.completed);

    // One bag of almonds arrived broken: money back for it, with a photo.
    await page.click('.as-ask');
    await page.selectOption('select[data-sku=AL-500G]', '1');
    await page.check('input[name=as-reason][value=damaged]');
    await page.fill('.as-note-field textarea', lang === 'zh-CN' ? '袋子破了，杏仁撒了一地。' : 'The bag was torn open.');
    await page.setInputFiles('.as-form .as-photo-add input', { name: 'bag.png', mimeType: 'image/png', buffer: png() });
    await page.waitForSelector('.as-form .as-photo img');
    const asked = (await page.textContent('.as-preview')).match(/¥[\d,.]+/)[0];
    await page.screenshot({ path: `${shots}/after-${lang}-aftersales-form.png`, fullPage: true });
    await page.click('.as-submit');
    await page.waitForSelector('.as-item[data-state=requested]');
    assert.ok((await page.textContent('.as-item')).includes(w.requested));
    assert.equal(await page.locator('.as-item .as-photos img').count(), 1);

    // The seller approves in the seller centre.
    const seller = await phone(browser, lang);
    const [name, value] = nuts.split('=');
    await seller.ctx.addCookies([{ name, value, url: shop.base }]);
    await seller.page.goto(`${shop.base}/seller/aftersales?lang=${lang}`);
    const item = seller.page.locator('.sc-as-item[data-state=requested]').first();
    await item.waitFor();
    assert.equal(await item.locator('.sc-as-photos img').count(), 1);
    await seller.page.screenshot({ path: `${shots}/after-${lang}-seller-request.png`, fullPage: true });
    await item.locator('.sc-as-approve').click();
    await item.locator('.sc-as-approve-confirm').click();
    await seller.page.waitForSelector('.sc-as-item[data-state=approved]');
    await seller.page.screenshot({ path: `${shots}/after-${lang}-seller-approved.png`, fullPage: true });

    // The refund reached WeChat Pay, for that bag only.
    const o = await orderOf(id, token);
    const refunds = await until('the refund at WeChat Pay', async () => {
      const all = await (await fetch(`${fakes.env.HAITAO_WECHAT_API}/fake/wechat/refunds`)).json();
      const mine = all.filter((r) => r.out_trade_no === payment);
      return mine.length ? mine : null;
    });
    assert.equal(refunds.length, 1);
    assert.equal(refunds[0].refund, o.refunds[0].amount.amount);
    assert.ok(refunds[0].refund < o.quote.total.amount, 'part of the payment');
    assert.equal(`¥${(refunds[0].refund / 100).toFixed(2)}`, asked.replace(/,/g, ''));
    await page.reload();
    await page.waitForSelector('.notice.refund[data-reason=aftersales]');
    assert.ok((await page.textContent('.notice.refund')).includes(w.refund));
    assert.ok((await page.textContent('.as-item')).includes(w.approved));
    await page.screenshot({ path: `${shots}/after-${lang}-refunded.png`, fullPage: true });

    // A review of the almonds, shown on the product with its mark.
    const line = page.locator('.rv-line[data-sku=AL-500G]');
    await line.locator('.rv-write').click();
    await line.locator('.rv-star').nth(3).click();
    await line.locator('textarea').fill(lang === 'zh-CN' ? '杏仁香脆，只是袋子破了一个。' : 'Crunchy almonds; one bag arrived torn.');
    await line.locator('.rv-submit').click();
    await line.locator('.rv-mine').waitFor();
    // The seller replies, once, from the centre's reviews.
    await seller.page.goto(`${shop.base}/seller/reviews?lang=${lang}`);
    const mine = seller.page.locator('.sc-rv-item', { hasText: lang === 'zh-CN' ? '杏仁香脆' : 'Crunchy almonds' });
    await mine.locator('textarea').fill(lang === 'zh-CN' ? '抱歉袋子破了，已为您退款。' : 'Sorry about the bag: we refunded it.');
    await mine.locator('.sc-rv-send').click();
    await mine.locator('.sc-as-answer').waitFor();
    assert.equal(await mine.locator('textarea').count(), 0, 'once');
    await seller.page.screenshot({ path: `${shots}/after-${lang}-seller-reviews.png`, fullPage: true });
    assert.deepEqual(seller.errors, []);
    await seller.ctx.close();
    await page.goto(`${shop.base}/p/roasted-almonds?lang=${lang}`);
    const review = page.locator('.rv-item').first();
    await review.waitFor();
    assert.ok((await review.textContent()).includes(w.verified));
    assert.equal(await review.getAttribute('lang'), lang);
    assert.ok((await review.locator('.rv-reply').textContent()).includes(lang === 'zh-CN' ? '已为您退款' : 'we refunded it'));
    await review.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/after-${lang}-review.png` });

    // The code on the bag, scanned: the genuine page.
    const { body: shipments } = await apiCall(nuts, 'GET', '/api/seller/shipments?status=shipped');
    const shipment = shipments.shipments.find((s) => s.order_id === id);
    const { body: detail } = await apiCall(nuts, 'GET', `/api/seller/shipments/${shipment.id}`);
    const code = detail.lines[0].codes[0];
    if (lang === 'zh-CN') {
      // Checked from 20 clients (a copied label): flagged.
      for (let i = 0; i < 20; i++) await fetch(`${shop.base}/api/verify/${code}`, { headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } });
    }
    await page.goto(`${shop.base}/v/${code}?lang=${lang}`);
    await page.waitForSelector('.verify');
    assert.ok((await page.textContent('main')).includes(w.genuine));
    if (lang === 'zh-CN') await page.waitForSelector('.verify-flagged');
    await page.screenshot({ path: `${shots}/after-${lang}-genuine.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}
