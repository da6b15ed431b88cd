// Inside WeChat's own browser: WeChat Pay comes first and is the choice made;
// Alipay (whose pages WeChat does not open) can still be chosen: the order is
// placed there and its page, opened in the phone's browser, pays it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { agreeToOrder, fillToPayment, launch, phone, shots, startShop } from './shop.mjs';

const WECHAT_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';

let shop, browser;
before(async () => { shop = await startShop(); browser = await launch(); });
after(async () => { await browser?.close(); await shop?.stop(); });

const words = {
  'zh-CN': { note: /微信内无法打开支付宝/, open: '请在浏览器中用支付宝付款', notOpen: '无法在此打开这个订单', removed: '商品已下架' },
  'en-US': { note: /Alipay does not open inside WeChat/, open: 'Pay with Alipay in your browser', notOpen: 'This order does not open here', removed: 'no longer sold' },
};

for (const lang of ['zh-CN', 'en-US']) {
  test(`in WeChat (${lang}): WeChat Pay is chosen; Alipay places the order here and pays in the browser`, async () => {
    const w = words[lang];
    const { ctx, page, errors } = await phone(browser, lang, { userAgent: WECHAT_IPHONE });
    await fillToPayment(page, shop.base, 'roasted-almonds', lang);
    const methods = await page.$$eval('input[name=method]', (els) => els.map((e) => [e.value, e.checked, e.disabled]));
    assert.deepEqual(methods, [['wechat', true, false], ['alipay', false, false]], 'the one method payable here is chosen');
    assert.match(await page.locator('.method.elsewhere .method-note').textContent(), w.note);
    await page.screenshot({ path: `${shots}/wechat-payment-${lang}.png` });
    await page.check('input[name=method][value=alipay]');
    await page.click('.next-step');
    await page.waitForSelector('.review .totals');
    await agreeToOrder(page);
    await page.click('.place-order');

    // The order's page, with how to take it to the browser; its address opens it there.
    await page.waitForURL(/\/orders\/HT[^?]*\?.*t=/);
    await page.locator('.open-in-browser').waitFor();
    assert.ok((await page.textContent('.open-in-browser h2')).includes(w.open));
    assert.equal(await page.locator('.pay-btn').count(), 0, 'Alipay is not paid inside WeChat');
    const url = page.url();
    assert.equal(await page.inputValue('.order-link-input'), url);
    assert.match(url, /pay=alipay/);
    await page.screenshot({ path: `${shots}/wechat-open-in-browser-${lang}.png`, fullPage: true });
    const id = await page.getAttribute('[data-order-id]', 'data-order-id');

    // The phone's browser: nothing stored, only the address.
    const other = await phone(browser, lang);
    await other.page.goto(url);
    await other.page.waitForSelector(`[data-order-id="${id}"]`);
    assert.equal(await other.page.locator('input[name=pay-method][value=alipay]').isChecked(), true);
    await other.page.screenshot({ path: `${shots}/wechat-opened-in-browser-${lang}.png`, fullPage: true });
    await other.page.click('.pay-btn');
    await other.page.waitForURL(/\/sandbox\/pay\//);
    await other.page.click('button.pay');
    await other.page.waitForSelector('[data-status=paid]');

    // Without the link or the account: how to open it, not a "removed" page.
    const stranger = await phone(browser, lang);
    await stranger.page.goto(`${shop.base}/orders/${id}?lang=${lang}`);
    await stranger.page.locator('.order-not-open').waitFor();
    const text = await stranger.page.textContent('.order-not-open');
    assert.ok(text.includes(w.notOpen) && !text.includes(w.removed), text);
    assert.equal(await stranger.page.getAttribute('.order-not-open a', 'href'), `/account?back=/orders/${id}`);
    await stranger.page.screenshot({ path: `${shots}/order-not-open-${lang}.png` });

    assert.deepEqual([...errors, ...other.errors, ...stranger.errors.filter((e) => !/404|Not Found/i.test(e))], []);
    await Promise.all([ctx.close(), other.ctx.close(), stranger.ctx.close()]);
  });
}
