// One indivisible item over the order limit ([2018] No. 49 art. 2): the product
// page, the cart and the quote say it may be bought only on its own, taxed in
// full at its duty rate; with anything else in the cart it is refused.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launch, phone, shots, startShop } from './shop.mjs';

let shop, browser;
before(async () => {
  mkdirSync(shots, { recursive: true });
  shop = await startShop();
  browser = await launch();
  // A $900 bag of almonds with a 10% duty rate: over ¥5,000 on its own.
  shop.sql("UPDATE variants SET price_usd = 90000 WHERE sku = 'AL-500G'");
  shop.sql("UPDATE products SET duty_bp = 1000 WHERE slug = 'roasted-almonds'");
});
after(async () => { await browser?.close(); await shop?.stop(); });

const said = {
  'zh-CN': { page: '只能单独购买一件', tax: '全额征税：关税 10%', full: '全额征收关税（10%）', alone: '只能单独下单' },
  'en-US': { page: 'sold only on its own', tax: 'in full: duty 10%', full: 'taxed in full (duty 10%', alone: 'can be ordered only alone' },
};

for (const lang of ['zh-CN', 'en-US']) {
  test(`a single item over ¥5,000 is sold alone and taxed in full, in ${lang}`, async () => {
    const w = said[lang];
    const { ctx, page } = await phone(browser, lang);
    await page.goto(`${shop.base}/p/roasted-almonds?lang=${lang}`);
    await page.waitForSelector('.add-to-cart');
    await page.locator('.single-item').waitFor();
    assert.ok((await page.textContent('.single-item')).includes(w.page), await page.textContent('.single-item'));
    assert.ok((await page.textContent('.landed')).includes(w.tax), await page.textContent('.landed'));
    await page.screenshot({ path: `${shots}/single-item-product-${lang}.png`, fullPage: true });
    await page.click('.add-to-cart');
    await page.goto(`${shop.base}/cart?lang=${lang}`);
    await page.locator('.taxed-in-full').waitFor();
    assert.ok((await page.textContent('.taxed-in-full')).includes(w.full), await page.textContent('.taxed-in-full'));
    assert.equal(await page.locator('.notice-warn').count(), 0, 'nothing stands in the way');
    await page.screenshot({ path: `${shots}/single-item-cart-${lang}.png`, fullPage: true });
    // A second one: it must come alone.
    await page.locator('.cart-line .qty button').nth(1).click();
    await page.waitForFunction(() => document.querySelector('.notice-warn'));
    assert.ok((await page.textContent('.notice-warn')).includes(w.alone), await page.textContent('.notice-warn'));
    await page.screenshot({ path: `${shots}/single-item-two-${lang}.png`, fullPage: true });
    await ctx.close();
  });
}
