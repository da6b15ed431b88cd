// A shopper on a phone buys one product through the real server and the
// release build, in Chinese and again in English, and sees the order page.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { launch, phone, shots, startShop, agreeToOrder } from './shop.mjs';

const words = {
  'zh-CN': { title: /海淘美国/, added: '已加入购物车', badMobile: '请填写 11 位中国大陆手机号码。', badId: '身份证号码不正确，请核对 18 位号码。',
    status: '已付款', thanks: '支付成功', method: 'alipay', brand: '支付宝', limit: '跨境电商单笔订单限额', sandbox: '不会真实扣款' },
  'en-US': { title: /haitao USA/, added: 'Added to your cart', badMobile: 'Enter an 11-digit mainland China mobile number.', badId: 'This ID number is not valid; check all 18 characters.',
    status: 'Paid', thanks: 'Paid, thank you', method: 'wechat', brand: 'WeChat Pay', limit: 'A cross-border order may not exceed', sandbox: 'no money moves' },
};

let shop, browser;
before(async () => { mkdirSync(shots, { recursive: true }); shop = await startShop(); browser = await launch(); });
after(async () => { await browser?.close(); await shop?.stop(); });

for (const lang of ['zh-CN', 'en-US']) {
  describe(`buying one product (${lang})`, () => {
    test('catalog, product, cart, checkout, order', async () => {
      const w = words[lang];
      const { ctx, page, errors } = await phone(browser, lang);
      // A guest's checkout asks nothing of an account it does not have.
      const accountCalls = [];
      page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/account')) accountCalls.push(r.url()); });
      await page.goto(`${shop.base}/?lang=${lang}`);
      await page.waitForSelector('.grid .card:not(.skeleton)');
      assert.match(await page.title(), w.title);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      const cards = await page.locator('.grid .card').count();
      assert.ok(cards >= 6, `home shows products (${cards})`);
      assert.match(await page.locator('.grid .card .price-cny').first().textContent(), /¥[\d,]+\.\d\d/);
      assert.match(await page.locator('.grid .card .price-usd').first().textContent(), /^US\$[\d,]+\.\d\d$/);
      await page.screenshot({ path: `${shots}/buy-${lang}-home.png` });

      await page.locator('.grid .card').first().click();
      await page.waitForSelector('.add-to-cart');
      assert.match(page.url(), /\/p\/[a-z0-9-]+$/);
      const unit = (await page.locator('.product-info .price-cny').first().textContent()).trim();
      await page.click('.add-to-cart');
      await page.getByText(w.added).waitFor();
      assert.equal((await page.textContent('.cart-count')).trim(), '1');

      await page.click('.cart-link');
      await page.waitForSelector('.totals');
      assert.equal((await page.locator('.cart-line .price-cny').first().textContent()).trim(), unit);
      const total = (await page.locator('.totals dd.grand').textContent()).trim();
      await page.screenshot({ path: `${shots}/buy-${lang}-cart.png` });

      // The cart survives a reload.
      await page.reload();
      await page.waitForSelector('.totals');
      assert.equal((await page.locator('.totals dd.grand').textContent()).trim(), total);

      await page.click('.checkout-btn');
      await page.waitForSelector('#f-recipient');
      await page.fill('#f-recipient', '张三');
      await page.fill('#f-mobile', '1380013800');
      await page.locator('#f-mobile').blur();
      assert.equal((await page.textContent('#f-mobile-err')).trim(), w.badMobile);
      await page.fill('#f-mobile', '13800138000');
      await page.waitForSelector('#f-province option[value="上海市"]', { state: 'attached' });
      await page.selectOption('#f-province', '上海市');
      // A municipality has no city to pick (GB/T 2260's 市辖区 is nobody's address).
      assert.equal(await page.isVisible('#f-city'), false);
      await page.selectOption('#f-district', '浦东新区');
      await page.fill('#f-street', '世纪大道100号');
      await page.fill('#f-postcode', '200120');
      // What was typed survives a reload.
      await page.reload();
      await page.waitForSelector('#f-district option[value="浦东新区"]', { state: 'attached' });
      assert.equal(await page.inputValue('#f-street'), '世纪大道100号');
      assert.equal(await page.inputValue('#f-mobile'), '13800138000');
      assert.equal(await page.inputValue('#f-district'), '浦东新区');
      await page.screenshot({ path: `${shots}/buy-${lang}-address.png`, fullPage: true });
      await page.click('.next-step');

      // Identity: a wrong check character is refused in the shopper's language, then corrected.
      await page.waitForSelector('#f-id_number');
      await page.fill('#f-id_number', '110105194912310021');
      await page.click('.next-step');
      assert.equal((await page.textContent('#f-id_number-err')).trim(), w.badId);
      assert.match(page.url(), /\/checkout\/identity$/);
      await page.fill('#f-id_number', '11010519491231002X');
      assert.equal((await page.textContent('#f-id_number-err')).trim(), '');
      // The ID number is kept in the tab only (a reload keeps it), never in lasting storage.
      const stored = await page.evaluate(() => JSON.stringify(localStorage));
      assert.ok(!stored.includes('11010519491231002'), 'no ID number in localStorage');
      // Without the separate consent to process it, the step does not go on.
      await page.click('.next-step');
      await page.locator('.agreement-consent-id.invalid').waitFor();
      assert.match(page.url(), /\/checkout\/identity$/);
      await page.screenshot({ path: `${shots}/buy-${lang}-identity.png`, fullPage: true });
      await page.check('input[name=agree-consent-id]');
      await page.reload();
      await page.waitForSelector('#f-id_number');
      assert.equal(await page.inputValue('#f-id_number'), '11010519491231002X', 'a reload keeps the ID number');
      assert.equal((await page.textContent('#f-id_number-err')).trim(), '');
      await page.click('.next-step');

      await page.waitForSelector(`input[name=method][value=${w.method}]`);
      await page.check(`input[name=method][value=${w.method}]`);
      // The amount to pay, the same as the cart's total; each method with its drawn mark.
      await page.waitForFunction((t) => { const a = document.querySelector('.pay-amount strong')?.textContent.trim(); return a && t.startsWith(a) && !/\d/.test(t.charAt(a.length)); }, total);
      assert.equal(await page.locator('.method svg.method-logo').count(), 2);
      await page.screenshot({ path: `${shots}/buy-${lang}-payment.png` });
      // The development shop says plainly that no money moves.
      assert.ok((await page.locator('.sandbox-notice').textContent()).includes(w.sandbox));
      await page.click('.next-step');
      await page.waitForSelector('.place-order');
      await page.waitForSelector('.totals');
      assert.ok((await page.textContent('.review')).includes('**************002X'));
      assert.ok(!(await page.textContent('.review')).includes('110105'), 'at most four characters of the ID shown');
      assert.ok((await page.locator('.sandbox-notice').textContent()).includes(w.sandbox));
      assert.equal((await page.locator('.totals dd.grand').textContent()).trim(), total);
      await page.screenshot({ path: `${shots}/buy-${lang}-review.png`, fullPage: true });

      // The goods, parcel by parcel, and the recipients abroad named.
      assert.ok(await page.locator('.review-goods .goods-line').count() >= 1);
      assert.ok((await page.textContent('.recipients')).length > 0);
      // Not without the consumer notice and the consent to send the details abroad.
      await page.click('.place-order');
      await page.locator('.agreement-notice.invalid').waitFor();
      await page.locator('.agreement-consent-abroad.invalid').waitFor();
      assert.match(page.url(), /\/checkout\/review$/);
      await agreeToOrder(page);
      await page.screenshot({ path: `${shots}/buy-${lang}-review-agreed.png`, fullPage: true });
      // A double tap places one order and starts one payment.
      await page.locator('.place-order').dblclick();
      await page.waitForURL(/\/sandbox\/pay\/PAY/);
      assert.ok((await page.textContent('header')).includes(w.brand));
      await page.screenshot({ path: `${shots}/buy-${lang}-provider.png`, fullPage: true });
      await page.click('button.pay');
      await page.waitForURL(/\/orders\/HT[0-9A-Z]{12}\?payment=succeeded$/);
      await page.waitForSelector('[data-order-id]');
      const id = await page.getAttribute('[data-order-id]', 'data-order-id');
      assert.ok((await page.textContent('.order-placed')).includes(w.thanks));
      // Paid: nothing of the ID number stays, not even in the tab.
      await page.waitForFunction(() => !JSON.stringify(sessionStorage).includes('11010519491231002'));
      assert.equal((await page.textContent('.order-status .badge')).trim(), w.status);
      assert.equal((await page.locator('.totals dd.grand').textContent()).trim(), total);
      assert.ok((await page.textContent('.order-address')).includes('138****8000'));
      const shipTo = await page.textContent('.order-address');
      assert.ok(shipTo.includes('上海市浦东新区') && !shipTo.includes('市辖区'), shipTo);
      assert.ok((await page.textContent('.order-address')).includes('**************002X'));
      assert.ok(!(await page.content()).includes('11010519491231002X'), 'no full ID on the page');
      assert.equal(await page.locator('.cart-count').count(), 0, 'the cart is empty after ordering');
      await page.screenshot({ path: `${shots}/buy-${lang}-order.png`, fullPage: true });

      // Only its owner reads the order: this guest's device has its token.
      assert.equal((await fetch(`${shop.base}/api/orders/${id}`)).status, 404, 'not without its token');
      const token = await page.evaluate((id) => JSON.parse(localStorage.getItem('haitao.order-tokens')).find(([o]) => o === id)[1], id);
      const order = await (await fetch(`${shop.base}/api/orders/${id}`, { headers: { 'x-order-token': token } })).json();
      assert.equal(order.status, 'paid');
      assert.equal(order.payment_method, w.method);
      assert.equal(order.quote.lines.length, 1);
      // The guest's link opens the order on another device, and only with its token.
      const link = await page.getAttribute('.order-link a', 'href');
      assert.match(link, new RegExp(`/orders/${id}\\?t=[0-9a-f]{64}$`));
      const other = await phone(browser, lang);
      await other.page.goto(link);
      await other.page.waitForSelector(`[data-order-id="${id}"]`);
      await other.ctx.close();

      assert.deepEqual(accountCalls, [], 'no account requests from a guest');
      assert.deepEqual(errors, [], 'no script errors');
      await ctx.close();
    });
  });
}

test('a cart over 5,000 yuan says by how much and cannot be checked out', async () => {
  for (const lang of ['zh-CN', 'en-US']) {
    const { ctx, page } = await phone(browser, lang);
    await page.goto(`${shop.base}/p/king-crab-legs?lang=${lang}`);
    await page.waitForSelector('.add-to-cart');
    await page.click('.variant >> nth=1'); // 2 kg, about 1,200 yuan
    for (let i = 0; i < 4; i++) await page.click('.qty button >> nth=1');
    await page.click('.add-to-cart');
    await page.click('.cart-link');
    const warning = page.locator('.notice-warn');
    await warning.waitFor();
    const text = await warning.textContent();
    assert.ok(text.includes(words[lang].limit), text);
    assert.match(text, /¥5,000\.00/);
    assert.match(text, /¥[\d,]+\.\d\d/);
    assert.equal(await page.getAttribute('.checkout-btn', 'aria-disabled'), 'true');
    await page.click('.checkout-btn', { force: true });
    await page.waitForTimeout(300);
    assert.match(page.url(), /\/cart$/, 'the checkout does not open');
    await page.screenshot({ path: `${shots}/buy-${lang}-over-limit.png`, fullPage: true });
    await ctx.close();
  }
});

test('an unknown route shows the translated 404 page with a way back', async () => {
  const { ctx, page } = await phone(browser, 'zh-CN');
  await page.goto(`${shop.base}/no/such/page?lang=zh-CN`);
  await page.getByText('找不到这个页面').waitFor();
  await page.click('text=返回首页');
  await page.waitForURL(`${shop.base}/`);
  await ctx.close();
});
