// An unpaid order on a phone: the time left to pay counts down, the shopper
// can cancel it (its items go back on sale), an order whose time ran out says
// so, and an order whose payment had to be refunded says why, in both languages.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { FOR_ORDER, accepted, launch, phone, shots, startShop } from './shop.mjs';

const words = {
  'zh-CN': { payer: '320106198808081232', within: /请在 (\d+) 分 (\d\d) 秒内完成支付/, cancel: '取消订单', confirm: '确认取消订单', cancelled: '您已取消这笔订单', status: '已取消',
    expired: '订单超过付款时限未支付，已自动取消', sandbox: '不会真实扣款', limit: '超过 26000 元额度，已原路退款', refunded: '已退款 ¥' },
  'en-US': { payer: '510107199001014561', within: /Pay within (\d+) min (\d\d) s/, cancel: 'Cancel order', confirm: 'Yes, cancel the order', cancelled: 'You cancelled this order', status: 'Cancelled',
    expired: 'Not paid in time: the order was cancelled', sandbox: 'no money moves', limit: 'yearly cross-border allowance of ¥26,000: it was refunded', refunded: 'Refunded ¥' },
};

/// A time as the shop stores it (UTC `YYYY-MM-DDTHH:MM:SSZ`), `secs` from now.
const stamp = (secs = 0) => new Date(Date.now() + secs * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

let shop, browser;
before(async () => { mkdirSync(shots, { recursive: true }); shop = await startShop(); browser = await launch(); });
after(async () => { await browser?.close(); await shop?.stop(); });

let serial = 0;
const tokens = {};
async function placeOrder(qty = 1, idNumber = '11010519491231002X') {
  const body = {
    lines: [{ sku: 'AL-500G', qty }],
    address: { recipient: '张三', mobile: '13800138000', province: '上海市', city: '市辖区', district: '浦东新区', street: '世纪大道100号', postcode: '200120' },
    identity: { name: '张三', id_number: idNumber },
    accepted: await accepted(shop.base, FOR_ORDER),
  };
  const res = await fetch(`${shop.base}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `lifecycle-${process.pid}-${++serial}` }, body: JSON.stringify(body) });
  assert.equal(res.status, 201);
  const { id, access_token } = await res.json();
  tokens[id] = access_token;
  return id;
}
const stock = () => Number(shop.scalar("SELECT stock FROM variants WHERE sku = 'AL-500G'"));

for (const lang of ['zh-CN', 'en-US']) {
  test(`the time left to pay counts down, and the shopper cancels (${lang})`, async () => {
    const w = words[lang];
    const before = stock();
    const id = await placeOrder(2);
    assert.equal(stock(), before - 2);
    const { ctx, page, errors } = await phone(browser, lang);
    await page.goto(`${shop.base}/orders/${id}?lang=${lang}&t=${tokens[id]}`);
    const deadline = page.locator('.pay-deadline');
    await deadline.waitFor();
    const [, m1, s1] = (await deadline.textContent()).match(w.within);
    assert.ok(Number(m1) === 29 || (Number(m1) === 30 && s1 === '00'), `about 30 minutes left: ${m1}:${s1}`);
    await page.waitForTimeout(2100);
    const [, m2, s2] = (await deadline.textContent()).match(w.within);
    assert.ok(Number(m2) * 60 + Number(s2) < Number(m1) * 60 + Number(s1), 'it counts down');
    assert.ok((await page.locator('.sandbox-notice').textContent()).includes(w.sandbox));
    await page.screenshot({ path: `${shots}/order-${lang}-unpaid.png`, fullPage: true });

    await page.getByRole('button', { name: w.cancel }).click();
    await page.getByRole('button', { name: w.confirm }).click();
    await page.locator('.cancel-reason').waitFor();
    assert.ok((await page.textContent('.cancel-reason')).includes(w.cancelled));
    assert.ok(await page.locator('.cancel-reason').isVisible() && (await page.evaluate(() => window.scrollY)) === 0, 'the shopper sees why, at the top');
    assert.equal((await page.textContent('.order-status .badge')).trim(), w.status);
    assert.equal(await page.locator('.pay-btn').count(), 0, 'nothing left to pay');
    assert.equal(stock(), before, 'its items are back on sale');
    await page.screenshot({ path: `${shots}/order-${lang}-cancelled.png`, fullPage: true });
    // One tap puts the goods back in the cart, as many as were ordered.
    await page.click('.buy-again-btn');
    await page.waitForURL(/\/cart/);
    await page.locator('.cart-line').waitFor();
    assert.equal((await page.textContent('.cart-line output')).trim(), '2');
    assert.equal((await page.textContent('.cart-count')).trim(), '2');
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test(`an order whose time ran out says so when the countdown ends (${lang})`, async () => {
    const w = words[lang];
    const before = stock();
    const id = await placeOrder();
    // Three seconds left to pay.
    shop.sql(`UPDATE orders SET pay_by = '${stamp(3)}' WHERE id = '${id}'`);
    const { ctx, page, errors } = await phone(browser, lang);
    await page.goto(`${shop.base}/orders/${id}?lang=${lang}&t=${tokens[id]}`);
    await page.locator('.pay-deadline').waitFor();
    await page.locator('.cancel-reason').waitFor({ timeout: 15000 });
    assert.ok((await page.textContent('.cancel-reason')).includes(w.expired));
    assert.equal(stock(), before);
    await page.screenshot({ path: `${shots}/order-${lang}-expired.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await ctx.close();
  });

  test(`a payment over the yearly allowance is refunded and the order says why (${lang})`, async () => {
    const w = words[lang];
    const id = await placeOrder(1, w.payer);
    // This payer paid 25,950 yuan earlier this year.
    const other = await placeOrder(1, w.payer);
    shop.sql(`UPDATE orders SET status = 'paid', paid_at = '${stamp()}', total_fen = 2595000 WHERE id = '${other}'`);
    // A payment that had started before that one was paid now completes.
    shop.sql(`INSERT INTO payments (id, order_id, method, status, idempotency_key, amount_fen, currency, created_at)
              SELECT 'PAYE2E${serial}', id, 'alipay', 'pending', 'e2e-key-${process.pid}-${serial}', total_fen, 'CNY', '${stamp()}' FROM orders WHERE id = '${id}'`);
    const { ctx, page, errors } = await phone(browser, lang);
    await page.goto(`${shop.base}/sandbox/pay/PAYE2E${serial}`);
    await page.click('button.pay');
    await page.waitForURL(new RegExp(`/orders/${id}`));
    await page.goto(`${shop.base}/orders/${id}?lang=${lang}&t=${tokens[id]}`);
    await page.locator('.cancel-reason').waitFor();
    assert.ok((await page.textContent('.cancel-reason')).includes(w.limit), await page.textContent('.cancel-reason'));
    assert.ok((await page.textContent('.refund')).includes(w.refunded));
    await page.screenshot({ path: `${shots}/order-${lang}-refunded.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}
