// Provinces and cities for English readers: the address stays Chinese (the
// label and customs need it so), and in English the picker and every address
// shown also name them in English; in Chinese nothing changes.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fillIdentity, launch, phone, shots, startShop } from './shop.mjs';

let shop, browser;
before(async () => { mkdirSync(shots, { recursive: true }); shop = await startShop(); browser = await launch(); });
after(async () => { await browser?.close(); await shop?.stop(); });

const expect = {
  'zh-CN': { province: '广东省', city: '深圳市', shown: '广东省深圳市南山区科技园路1号' },
  'en-US': { province: '广东省 Guangdong', city: '深圳市 Shenzhen', shown: '广东省深圳市南山区科技园路1号 (Shenzhen, Guangdong)' },
};

for (const lang of ['zh-CN', 'en-US']) {
  test(`regions in the picker and the review (${lang})`, async () => {
    const e = expect[lang];
    const { ctx, page, errors } = await phone(browser, lang);
    await page.goto(`${shop.base}/p/walnut-halves?lang=${lang}`);
    await page.click('.add-to-cart');
    await page.goto(`${shop.base}/checkout/address`);
    await page.waitForSelector('#f-province option[value="广东省"]', { state: 'attached' });
    await page.waitForFunction((t) => document.querySelector('#f-province option[value="广东省"]').textContent === t, e.province);
    // The value the address keeps is the Chinese name, whatever the label.
    await page.selectOption('#f-province', '广东省');
    await page.waitForFunction((t) => document.querySelector('#f-city option[value="深圳市"]')?.textContent === t, e.city);
    await page.selectOption('#f-city', '深圳市');
    await page.selectOption('#f-district', '南山区');
    assert.deepEqual([await page.inputValue('#f-province'), await page.inputValue('#f-city')], ['广东省', '深圳市']);
    await page.fill('#f-recipient', '李四');
    await page.fill('#f-mobile', '13700137000');
    await page.fill('#f-street', '科技园路1号');
    await page.locator('.regions').screenshot({ path: join(shots, `regions-picker-${lang}.png`) });
    await fillIdentity(page);
    await page.check('input[name=method][value=alipay]');
    await page.click('.next-step');
    await page.waitForSelector('.review .totals');
    await page.waitForFunction((t) => document.querySelector('.review').textContent.includes(t), e.shown);
    await page.locator('.review-block', { hasText: e.shown }).screenshot({ path: join(shots, `regions-review-${lang}.png`) });
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

test('the English names come from one answer, cached', async () => {
  const res = await fetch(`${shop.base}/api/regions/en`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('cache-control'), /max-age=/);
  const names = await res.json();
  assert.equal(names['陕西省'].en, 'Shaanxi');
  assert.equal(names['湖南省'].cities['长沙市'], 'Changsha');
  assert.equal(names['北京市'].en, 'Beijing');
});
