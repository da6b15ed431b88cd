// A shopper on a phone buys one product through the real server and the
// release build, in Chinese and again in English, and sees the order page.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { launch, phone, shots, startShop } from './shop.mjs';

const words = {
  'zh-CN': { title: /海淘美国/, added: '已加入购物车', badMobile: '请填写 11 位中国大陆手机号码。', status: '待付款', thanks: '下单成功' },
  'en-US': { title: /haitao USA/, added: 'Added to your cart', badMobile: 'Enter an 11-digit mainland China mobile number.', status: 'Awaiting payment', thanks: 'Thank you' },
};

let shop, browser;
before(async () => { mkdirSync(shots, { recursive: true }); shop = await startShop(); browser = await launch(); });
after(async () => { await browser?.close(); await shop?.stop(); });

for (const lang of ['zh-CN', 'en-US']) {
  describe(`buying one product (${lang})`, () => {
    test('catalog, product, cart, checkout, order', async () => {
      const w = words[lang];
      const { ctx, page, errors } = await phone(browser, lang);
      await page.goto(`${shop.base}/?lang=${lang}`);
      await page.waitForSelector('.grid .card');
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
      for (const [f, v] of [['province', '上海市'], ['city', '上海市'], ['district', '浦东新区'], ['street', '世纪大道100号'], ['postcode', '200120']]) {
        await page.fill(`#f-${f}`, v);
      }
      // What was typed survives a reload.
      await page.reload();
      await page.waitForSelector('#f-street');
      assert.equal(await page.inputValue('#f-street'), '世纪大道100号');
      assert.equal(await page.inputValue('#f-mobile'), '13800138000');
      await page.waitForSelector('.totals');
      await page.screenshot({ path: `${shots}/buy-${lang}-checkout.png`, fullPage: true });

      await page.click('.place-order');
      await page.waitForURL(/\/orders\/HT[0-9A-Z]{12}$/);
      await page.waitForSelector('[data-order-id]');
      const id = await page.getAttribute('[data-order-id]', 'data-order-id');
      assert.ok((await page.textContent('.order-placed')).includes(w.thanks));
      assert.equal((await page.textContent('.order-status .badge')).trim(), w.status);
      assert.equal((await page.locator('.totals dd.grand').textContent()).trim(), total);
      assert.ok((await page.textContent('.order-address')).includes('138****8000'));
      assert.equal(await page.locator('.cart-count').count(), 0, 'the cart is empty after ordering');
      await page.screenshot({ path: `${shots}/buy-${lang}-order.png`, fullPage: true });

      const order = await (await fetch(`${shop.base}/api/orders/${id}`)).json();
      assert.equal(order.status, 'awaiting_payment');
      assert.equal(order.quote.lines.length, 1);

      assert.deepEqual(errors, [], 'no script errors');
      await ctx.close();
    });
  });
}

test('an unknown route shows the translated 404 page with a way back', async () => {
  const { ctx, page } = await phone(browser, 'zh-CN');
  await page.goto(`${shop.base}/no/such/page?lang=zh-CN`);
  await page.getByText('找不到这个页面').waitFor();
  await page.click('text=返回首页');
  await page.waitForURL(`${shop.base}/`);
  await ctx.close();
});
