// Faults during checkout: the server going away, and a price changing after
// the cart was filled. Nothing typed is lost; nothing is charged unseen.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launch, phone, shots, startShop } from './shop.mjs';

let shop, browser;
before(async () => { mkdirSync(shots, { recursive: true }); shop = await startShop(); browser = await launch(); });
after(async () => { await browser?.close(); await shop?.stop(); });

async function toReview(page, sku) {
  await page.goto(`${shop.base}/p/${sku}?lang=zh-CN`);
  await page.waitForSelector('.add-to-cart');
  await page.click('.add-to-cart');
  await page.goto(`${shop.base}/checkout/address`);
  await page.waitForSelector('#f-province option[value="上海市"]', { state: 'attached' });
  await page.fill('#f-recipient', '张三');
  await page.fill('#f-mobile', '13800138000');
  await page.selectOption('#f-province', '上海市');
  await page.selectOption('#f-city', '市辖区');
  await page.selectOption('#f-district', '浦东新区');
  await page.fill('#f-street', '世纪大道100号');
  await page.fill('#f-postcode', '200120');
  await page.click('.next-step');
  await page.waitForSelector('#f-id_number');
  await page.fill('#f-id_number', '11010519491231002X');
  await page.click('.next-step');
  await page.waitForSelector('input[name=method]');
  await page.check('input[name=method][value=alipay]');
  await page.click('.next-step');
  await page.waitForSelector('.review .totals');
}

test('the server stops during checkout: a clear message, the form kept, and one order once it is back', async () => {
  const { ctx, page } = await phone(browser, 'zh-CN');
  await toReview(page, 'walnut-halves');
  await shop.pause();
  await page.click('.place-order');
  const panel = page.locator('.review .error-panel');
  await panel.waitFor();
  const text = await panel.textContent();
  assert.ok(text.includes('无法连接商店服务器'), text);
  assert.ok(text.includes('不会重复下单'), text);
  await page.screenshot({ path: `${shots}/faults-offline.png`, fullPage: true });
  // Everything is still there.
  assert.ok((await page.textContent('.review')).includes('世纪大道100号'));
  assert.ok((await page.textContent('.review')).includes('110105********002X'));

  await shop.resume();
  await page.click('.place-order');
  await page.waitForURL(/\/sandbox\/pay\//);
  await page.click('button.pay');
  await page.waitForURL(/\/orders\//);
  await page.waitForSelector('[data-status=paid]');
  assert.equal(shop.scalar('SELECT COUNT(*) FROM orders'), '1', 'one order, though placing was tried twice');
  assert.equal(shop.scalar("SELECT COUNT(*) FROM payments WHERE status = 'succeeded'"), '1');
  await ctx.close();
});

test('a price changed after the cart was filled is shown before paying, and is what the order charges', async () => {
  const { ctx, page } = await phone(browser, 'zh-CN');
  await toReview(page, 'salted-pistachios');
  const before = (await page.locator('.totals dd.grand').textContent()).trim();
  // The seller raises the price while the shopper is at the last step.
  shop.sql("UPDATE variants SET price_usd = price_usd + 500 WHERE sku = 'PI-454G'");
  await page.reload();
  await page.waitForSelector('#f-id_number'); // the ID number is memory-only: a reload asks for it again
  await page.fill('#f-id_number', '11010519491231002X');
  await page.click('.next-step');
  await page.waitForSelector('input[name=method]');
  await page.click('.next-step');
  await page.waitForSelector('.review .totals');
  const after = (await page.locator('.totals dd.grand').textContent()).trim();
  assert.notEqual(after, before, 'the new price is on screen before paying');
  await page.click('.place-order');
  await page.waitForURL(/\/sandbox\/pay\//);
  await page.click('button.pay');
  await page.waitForSelector('[data-order-id]');
  assert.equal((await page.locator('.totals dd.grand').textContent()).trim(), after);
  await ctx.close();
});
