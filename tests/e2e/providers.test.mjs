// Real Alipay and WeChat Pay code paths, against the local fakes of their
// endpoints (server/tests/fakes, served by `--example fake_providers`): a phone
// pays with Alipay's mobile cashier and with WeChat Pay's H5 cashier, WeChat's
// own browser gets the in-app payment sheet (after WeChat's OAuth), a desktop
// gets the Native QR code. Every request the shop sends passes the fakes'
// signature checks; the order is paid only by the providers' signed word.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fillCheckout, launch, phone, shots, startFakes, startShop } from './shop.mjs';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const IN_WECHAT = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';
const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

const words = {
  'zh-CN': { paid: '已付款', thanks: '支付成功', confirming: '正在确认支付结果' },
  'en-US': { paid: 'Paid', thanks: 'Paid, thank you', confirming: 'Confirming your payment' },
};

let fakes, env, shop, browser;

before(async () => {
  mkdirSync(shots, { recursive: true });
  fakes = await startFakes();
  env = fakes.env;
  shop = await startShop({ ...env, HAITAO_PAYMENTS: 'alipay,wechat' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await shop?.stop();
  fakes?.stop();
});

const open = (lang, userAgent, viewport) => phone(browser, lang, { userAgent, viewport });

/// The order page, once the shop has the provider's word that it is paid.
async function paidOrder(page, lang) {
  await page.waitForURL(/\/orders\/HT[0-9A-Z]{12}/);
  await page.waitForSelector('.order-status .badge[data-status=paid]', { timeout: 15000 });
  assert.equal((await page.textContent('.order-status .badge')).trim(), words[lang].paid);
  return page.getAttribute('[data-order-id]', 'data-order-id');
}

for (const lang of ['zh-CN', 'en-US']) {
  describe(`real providers (${lang})`, () => {
    test('a phone pays with Alipay: the signed mobile cashier, the notification, back to the order', async () => {
      const { ctx, page, errors } = await open(lang, IPHONE);
      await fillCheckout(page, shop.base, 'roasted-almonds', lang, 'alipay');
      assert.equal(await page.locator('.sandbox-notice').count(), 0, 'no sandbox notice: money moves');
      const [total] = (await page.locator('.totals dd.grand').textContent()).match(/¥[\d,]+\.\d\d/);
      await page.click('.place-order');
      await page.waitForURL(/\/gateway\.do\?service=create_forex_trade_wap&/);
      // The fake's cashier shows the amount the shop signed: the order's, in yuan.
      assert.equal((await page.textContent('#amount')).trim().replace(/,/g, ''), total.replace(/,/g, ''));
      await page.screenshot({ path: `${shots}/providers-${lang}-alipay-cashier.png` });
      await page.click('button[value=TRADE_FINISHED]');
      await page.waitForURL(/\?payment=succeeded$/);
      const id = await paidOrder(page, lang);
      assert.ok((await page.textContent('.order-placed')).includes(words[lang].thanks));
      assert.equal(shop.scalar(`SELECT payment_method FROM orders WHERE id = '${id}'`), 'alipay');
      await page.screenshot({ path: `${shots}/providers-${lang}-alipay-paid.png`, fullPage: true });
      assert.deepEqual(errors, []);
      await ctx.close();
    });

    test('a phone pays with WeChat Pay H5 and comes back to an order that follows the notification', async () => {
      const { ctx, page, errors } = await open(lang, IPHONE);
      await fillCheckout(page, shop.base, 'roasted-almonds', lang, 'wechat');
      await page.click('.place-order');
      await page.waitForURL(/\/fake\/wechat\/h5\?prepay_id=wxPAY/);
      await page.screenshot({ path: `${shots}/providers-${lang}-wechat-h5.png` });
      const payment = new URL(page.url()).searchParams.get('prepay_id').replace(/^wx/, '');
      // Paid, but WeChat Pay's notification is slower than the shopper.
      await page.evaluate(() => { document.querySelector('form').insertAdjacentHTML('beforeend', '<input type=hidden name=notify value=later>'); });
      await page.click('button[value=SUCCESS]');
      await page.waitForURL(/\?payment=returned$/);
      await page.waitForSelector('.payment-confirming');
      assert.match(await page.textContent('.payment-confirming'), new RegExp(words[lang].confirming));
      assert.equal(await page.getAttribute('.order-status .badge', 'data-status'), 'awaiting_payment');
      // Paying again is there, folded: not pressed on a shopper who has just paid.
      assert.equal(await page.locator('.pay-again:not([open])').count(), 1);
      assert.equal(await page.locator('.pay-btn').isVisible(), false);
      await page.click('.pay-again summary');
      assert.equal(await page.locator('.pay-btn').isVisible(), true);
      await page.click('.pay-again summary');
      await page.screenshot({ path: `${shots}/providers-${lang}-wechat-h5-confirming.png`, fullPage: true });
      const res = await fetch(`${env.HAITAO_WECHAT_API}/fake/wechat/notify`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `out_trade_no=${payment}` });
      assert.equal(res.status, 204);
      // The open page follows: paid, without a reload.
      const id = await paidOrder(page, lang);
      assert.equal(shop.scalar(`SELECT payment_method FROM orders WHERE id = '${id}'`), 'wechat');
      await page.screenshot({ path: `${shots}/providers-${lang}-wechat-h5-paid.png`, fullPage: true });
      assert.deepEqual(errors, []);
      await ctx.close();
    });
  });
}

test('inside WeChat: OAuth for the openid, then the in-app payment sheet, then the order', async () => {
  const lang = 'zh-CN';
  const { ctx, page, errors } = await open(lang, IN_WECHAT);
  // WeChat's browser gives pages WeixinJSBridge; this stands in for it and
  // keeps the sheet it is asked to open.
  await ctx.addInitScript(() => {
    window.WeixinJSBridge = { invoke(name, sheet, done) { window.__wx = { name, sheet, done }; } };
  });
  await fillCheckout(page, shop.base, 'roasted-almonds', lang, 'wechat');
  await page.click('.place-order');
  await page.waitForURL(/\/pay\/wechat\/PAY[0-9A-F]+\?code=/);
  await page.waitForFunction(() => window.__wx);
  const wx = await page.evaluate(() => ({ name: window.__wx.name, sheet: window.__wx.sheet }));
  assert.equal(wx.name, 'getBrandWCPayRequest');
  assert.match(await page.textContent('main'), /正在打开微信支付/);
  assert.match(wx.sheet.package, /^prepay_id=wxPAY[0-9A-F]+$/);
  assert.equal(wx.sheet.signType, 'RSA');
  assert.ok(wx.sheet.paySign.length > 300, 'an RSA-2048 signature');
  await page.screenshot({ path: `${shots}/providers-${lang}-wechat-jsapi.png` });
  // The shopper pays in the sheet: WeChat Pay notifies the shop; the sheet closes.
  const payment = wx.sheet.package.replace('prepay_id=wx', '');
  const res = await fetch(`${env.HAITAO_WECHAT_API}/fake/wechat/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `out_trade_no=${payment}` });
  assert.equal(res.status, 204);
  await page.evaluate(() => window.__wx.done({ err_msg: 'get_brand_wcpay_request:ok' }));
  await paidOrder(page, lang);
  await page.screenshot({ path: `${shots}/providers-${lang}-wechat-jsapi-paid.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a desktop screen gets the Native QR code, which goes on to the order once paid', async () => {
  const lang = 'en-US';
  const { ctx, page, errors } = await open(lang, DESKTOP, { width: 1280, height: 800 });
  await fillCheckout(page, shop.base, 'roasted-almonds', lang, 'wechat');
  await page.click('.place-order');
  await page.waitForURL(/\/pay\/wechat\/PAY[0-9A-F]+$/);
  assert.equal(await page.locator('.qr svg').count(), 1);
  // The shop's own page, in the shopper's language.
  assert.equal(await page.getAttribute('html', 'lang'), 'en-US');
  assert.match(await page.textContent('main'), /Scan this code with WeChat on your phone/);
  await page.screenshot({ path: `${shots}/providers-${lang}-wechat-native.png` });
  const payment = page.url().split('/').pop();
  const res = await fetch(`${env.HAITAO_WECHAT_API}/fake/wechat/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `out_trade_no=${payment}` });
  assert.equal(res.status, 204);
  // The page looks again by itself and leaves for the order.
  await paidOrder(page, lang);
  assert.deepEqual(errors, []);
  await ctx.close();
});
