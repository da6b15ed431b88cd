// Inside WeChat's own browser: WeChat Pay comes first, and Alipay (whose pages
// WeChat does not open) is shown but not choosable, with how to reach it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { appReadyAfterLoads, fillToPayment, launch, shots, startShop } from './shop.mjs';

const WECHAT_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';

let shop, browser;
before(async () => { shop = await startShop(); browser = await launch(); });
after(async () => { await browser?.close(); await shop?.stop(); });

for (const [lang, note] of [['zh-CN', /微信内无法打开支付宝/], ['en-US', /Alipay does not open inside WeChat/]]) {
  test(`in WeChat (${lang}): WeChat Pay first, Alipay explained and not choosable`, async () => {
    const ctx = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: lang, userAgent: WECHAT_IPHONE });
    const page = await ctx.newPage();
    appReadyAfterLoads(page);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await fillToPayment(page, shop.base, 'roasted-almonds', lang);
    const methods = await page.$$eval('input[name=method]', (els) => els.map((e) => [e.value, e.disabled]));
    assert.deepEqual(methods, [['wechat', false], ['alipay', true]]);
    assert.match(await page.locator('.method.unavailable .method-note').textContent(), note);
    await page.screenshot({ path: `${shots}/wechat-payment-${lang}.png` });
    // Nothing chosen yet: the step says so; WeChat Pay goes on to the review.
    await page.click('.next-step');
    assert.ok(await page.locator('.field-error[role=alert]').textContent());
    await page.check('input[name=method][value=wechat]');
    await page.click('.next-step');
    await page.waitForSelector('.review .totals');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}
