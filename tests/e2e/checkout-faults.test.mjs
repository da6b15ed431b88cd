// Faults during checkout: the server going away, and a price changing after
// the cart was filled. Nothing typed is lost; nothing is charged unseen.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fillCheckout, launch, phone, shots, startShop } from './shop.mjs';

let shop, browser;
before(async () => { mkdirSync(shots, { recursive: true }); shop = await startShop(); browser = await launch(); });
after(async () => { await browser?.close(); await shop?.stop(); });

const toReview = (page, slug) => fillCheckout(page, shop.base, slug);

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
  assert.ok((await page.textContent('.review')).includes('**************002X'));

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
  // A reload (WeChat reloads a page the shopper comes back to) keeps the
  // step, the ID number (in the tab's storage only) and the boxes ticked.
  await page.reload();
  await page.waitForSelector('.review .totals');
  assert.match(page.url(), /\/checkout\/review$/);
  assert.ok(await page.isChecked('input[name=agree-notice]'));
  assert.ok(!(await page.evaluate(() => JSON.stringify(localStorage))).includes('11010519491231002'), 'the ID number never in lasting storage');
  const after = (await page.locator('.totals dd.grand').textContent()).trim();
  assert.notEqual(after, before, 'the new price is on screen before paying');
  await page.click('.place-order');
  await page.waitForURL(/\/sandbox\/pay\//);
  await page.click('button.pay');
  await page.waitForSelector('[data-order-id]');
  assert.equal((await page.locator('.totals dd.grand').textContent()).trim(), after);
  await ctx.close();
});

test('the cart stays in step across two open tabs', async () => {
  const { ctx, page } = await phone(browser, 'zh-CN');
  const other = await ctx.newPage();
  await page.goto(`${shop.base}/p/roasted-almonds?lang=zh-CN`);
  await other.goto(`${shop.base}/cart?lang=zh-CN`);
  await other.getByText('购物车是空的').waitFor();
  await page.waitForSelector('.add-to-cart');
  await page.click('.add-to-cart');
  await other.waitForSelector('.cart-line');
  assert.equal((await other.textContent('.cart-count')).trim(), '1');
  await other.click('.cart-line .remove-line'); // remove it in the second tab
  await page.waitForFunction(() => !document.querySelector('.cart-count'));
  await ctx.close();
});

// A line removed by mistake comes back, where it stood and as many; the
// totals follow at once either way.
for (const [lang, removed] of [['zh-CN', '已删除「'], ['en-US', 'Removed ']]) {
  test(`a removed cart line can be put back (${lang})`, async () => {
    const { ctx, page } = await phone(browser, lang);
    for (const slug of ['roasted-almonds', 'walnut-halves']) {
      await page.goto(`${shop.base}/p/${slug}?lang=${lang}`);
      await page.waitForSelector('.add-to-cart');
      await page.click('.add-to-cart');
    }
    await page.goto(`${shop.base}/cart?lang=${lang}`);
    await page.locator('.cart-line').nth(1).waitFor();
    await page.locator('.cart-line').first().locator('.qty button').last().click();
    await page.waitForFunction(() => document.querySelector('.cart-line output')?.textContent.trim() === '2');
    const names = async () => page.locator('.cart-line .cart-line-name').allTextContents();
    const before = await names();
    const total = async () => (await page.textContent('.totals dd.grand')).trim();
    await page.waitForFunction(() => !document.querySelector('.totals.updating'));
    const totalBefore = await total();
    await page.locator('.cart-line').first().locator('.remove-line').click();
    await page.waitForFunction(() => document.querySelectorAll('.cart-line').length === 1);
    const bar = page.locator('.undo-bar');
    assert.ok((await bar.textContent()).includes(removed + before[0]), await bar.textContent());
    await page.waitForFunction((t) => document.querySelector('.totals dd.grand')?.textContent.trim() !== t, totalBefore);
    await page.screenshot({ path: `test-results/cart-undo-${lang}.png` });
    await bar.locator('.undo-btn').click();
    await page.waitForFunction(() => document.querySelectorAll('.cart-line').length === 2);
    assert.deepEqual(await names(), before, 'back where it stood');
    assert.equal((await page.locator('.cart-line').first().locator('output').textContent()).trim(), '2');
    await page.waitForFunction((t) => document.querySelector('.totals dd.grand')?.textContent.trim() === t, totalBefore);
    assert.equal(await bar.isHidden(), true);
    await ctx.close();
  });
}

const badInput = {
  'zh-CN': { recipient: '请填写真实姓名', mobile: '请填写 11 位中国大陆手机号码', postcode: '邮政编码应为 6 位数字', id: '身份证号码不正确' },
  'en-US': { recipient: 'Enter the real name', mobile: 'Enter an 11-digit mainland China mobile number', postcode: 'A postcode is 6 digits', id: 'This ID number is not valid' },
};

for (const lang of ['zh-CN', 'en-US']) {
  test(`each bad field gets its own message, in ${lang}, and nothing typed is lost`, async () => {
    const w = badInput[lang];
    const { ctx, page } = await phone(browser, lang);
    await page.goto(`${shop.base}/p/roasted-almonds?lang=${lang}`);
    await page.waitForSelector('.add-to-cart');
    await page.click('.add-to-cart');
    await page.goto(`${shop.base}/checkout/address`);
    await page.waitForSelector('#f-recipient');
    await page.fill('#f-mobile', '1380013800'); // 10 digits
    await page.fill('#f-postcode', '20012'); // 5 digits
    await page.fill('#f-street', '世纪大道100号');
    await page.click('.next-step'); // the name is empty
    assert.ok((await page.textContent('#f-recipient-err')).includes(w.recipient));
    assert.ok((await page.textContent('#f-mobile-err')).includes(w.mobile));
    assert.ok((await page.textContent('#f-postcode-err')).includes(w.postcode));
    assert.match(page.url(), /\/checkout\/address$/);
    assert.equal(await page.inputValue('#f-street'), '世纪大道100号');
    assert.equal(await page.inputValue('#f-mobile'), '1380013800', 'a refused value stays for correcting');
    await page.screenshot({ path: `${shots}/faults-fields-${lang}.png`, fullPage: true });

    // An impossible birth date (30 February) in the ID number.
    await page.goto(`${shop.base}/checkout/identity`);
    await page.fill('#f-id_number', '110105194902300028');
    await page.locator('#f-id_number').blur();
    assert.ok((await page.textContent('#f-id_number-err')).includes(w.id));
    await ctx.close();
  });
}

const tooLong = { 'zh-CN': '地址过长，无法报关', 'en-US': 'Too long for the customs declaration' };

for (const lang of ['zh-CN', 'en-US']) {
  test(`an address too long for the customs declaration is refused at the street, in ${lang}`, async () => {
    const { ctx, page } = await phone(browser, lang);
    await page.goto(`${shop.base}/p/roasted-almonds?lang=${lang}`);
    await page.waitForSelector('.add-to-cart');
    await page.click('.add-to-cart');
    await page.goto(`${shop.base}/checkout/address`);
    await page.waitForSelector('#f-province option[value="上海市"]', { state: 'attached' });
    await page.selectOption('#f-province', '上海市');
    await page.selectOption('#f-district', '浦东新区');
    // 80 characters fit beside 上海市浦东新区 (7).
    const street = '世纪大道100号'.padEnd(80, '号');
    await page.fill('#f-street', street);
    await page.locator('#f-street').blur();
    assert.equal((await page.textContent('#f-street-err')).trim(), '');
    // A region with a longer name leaves less room: the street is refused as it stands.
    await page.selectOption('#f-province', '甘肃省');
    await page.selectOption('#f-city', '临夏回族自治州');
    await page.selectOption('#f-district', '积石山保安族东乡族撒拉族自治县');
    await page.waitForFunction(() => document.querySelector('#f-street-err').textContent.trim() !== '');
    assert.ok((await page.textContent('#f-street-err')).includes(tooLong[lang]));
    assert.equal(await page.getAttribute('#f-street', 'aria-invalid'), 'true');
    await page.screenshot({ path: `${shots}/faults-address-too-long-${lang}.png`, fullPage: true });
    // Shortened, it passes; nothing else was lost.
    await page.fill('#f-street', street.slice(0, 75));
    await page.locator('#f-street').blur();
    assert.equal((await page.textContent('#f-street-err')).trim(), '');
    assert.equal(await page.inputValue('#f-district'), '积石山保安族东乡族撒拉族自治县');
    await ctx.close();
  });
}

// A whole address pasted (as WeChat copies one) fills the form; the shopper
// checks it and goes on.
for (const lang of ['zh-CN', 'en-US']) {
  test(`a pasted address fills the form, in ${lang}`, async () => {
    const { ctx, page } = await phone(browser, lang);
    await page.goto(`${shop.base}/p/roasted-almonds?lang=${lang}`);
    await page.waitForSelector('.add-to-cart');
    await page.click('.add-to-cart');
    await page.goto(`${shop.base}/checkout/address`);
    await page.waitForSelector('#f-province option[value="广东省"]', { state: 'attached' });
    await page.click('.paste-address summary');
    await page.fill('#f-paste', '收货人：李四\n手机号码：137-0013-7000\n所在地区：广东省 深圳市 南山区\n详细地址：科技园路1号');
    await page.click('.paste-fill');
    await page.locator('.paste-read').waitFor();
    await page.locator('.paste-address:not([open])').waitFor();
    assert.equal(await page.inputValue('#f-recipient'), '李四');
    assert.equal(await page.inputValue('#f-mobile'), '13700137000');
    assert.equal(await page.inputValue('#f-province'), '广东省');
    await page.waitForFunction(() => document.querySelector('#f-district')?.value === '南山区');
    assert.equal(await page.inputValue('#f-city'), '深圳市');
    assert.equal(await page.inputValue('#f-street'), '科技园路1号');
    assert.equal(await page.locator('.field.invalid').count(), 0, 'nothing marked wrong');
    await page.screenshot({ path: `${shots}/faults-address-pasted-${lang}.png`, fullPage: true });
    await page.click('.next-step');
    await page.waitForSelector('#f-id_number');
    await ctx.close();
  });
}
