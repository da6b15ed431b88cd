// A shopper on a phone searches in Chinese, pinyin and English, filters by
// state, comes back to the list where they were, picks a variant and adds it.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launch, phone, shots, startShop } from './shop.mjs';

let shop, browser;
before(async () => { mkdirSync(shots, { recursive: true }); shop = await startShop(); browser = await launch(); });
after(async () => { await browser?.close(); await shop?.stop(); });

async function search(page, words) {
  // This query's answer: until it is drawn, the grid may still hold the
  // previous query's cards (about to give way).
  const answered = page.waitForResponse((r) => r.url().includes('/api/products?') && new URL(r.url()).searchParams.get('q') === words);
  await page.fill('.search-box input', words);
  await page.press('.search-box input', 'Enter');
  const answer = await (await answered).json();
  await page.waitForURL(/\/search\?q=/);
  // The page before stays while the search page's code loads (it is a chunk
  // of its own): wait for the search page itself.
  await page.waitForFunction((w) => document.querySelector('main.page:not([aria-busy]) .list-head h1')?.textContent.includes(w), words);
  const first = answer.items[0] && (answer.items[0].name.zh || answer.items[0].name.en);
  await page.waitForFunction(([n, first]) => {
    const titles = [...document.querySelectorAll('.grid .card .card-title')].map((e) => e.textContent);
    return n === 0 ? titles.length === 0 && !!document.querySelector('.empty-state') : titles.length >= 1 && titles[0].includes(first);
  }, [answer.items.length, first]);
  return page.locator('.grid .card .card-title').allTextContents();
}

test('search finds cherries in Chinese, pinyin and English', async () => {
  const { ctx, page, errors } = await phone(browser, 'zh-CN');
  await page.goto(`${shop.base}/?lang=zh-CN`);
  await page.waitForSelector('.grid .card:not(.skeleton)');
  for (const words of ['樱桃', 'yingtao', 'yt', 'cherries']) {
    const titles = await search(page, words);
    assert.ok(titles.some((t) => t.includes('雷尼尔')), `${words}: ${titles}`);
    assert.ok(titles.some((t) => t.includes('车厘子')), `${words}: ${titles}`);
    assert.ok(!titles.some((t) => t.includes('扁桃仁')), `${words}: ${titles}`);
  }
  await page.screenshot({ path: `${shots}/browse-search.png` });
  const none = await search(page, 'qqqzzz');
  assert.equal(none.length, 0);
  await page.getByText('没有找到相关商品').waitFor();
  assert.ok(await page.locator('.empty-state .chip').count() >= 8, 'the categories are offered');
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('filter by state lives in the URL; reload and back keep it right', async () => {
  const { ctx, page, errors } = await phone(browser, 'zh-CN');
  await page.goto(`${shop.base}/c/fresh?lang=zh-CN`);
  await page.waitForSelector('.grid .card:not(.skeleton)');
  const all = await page.textContent('.count');
  await page.click('.filters summary');
  // The open panel fits the phone: a fieldset is as wide as its content by
  // default, and the price fields once pushed the page sideways.
  assert.deepEqual(await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]), [375, 375]);
  await page.selectOption('select[name=origin]', 'AK');
  await page.click('.filter-form button[type=submit]');
  await page.waitForURL(/\/c\/fresh\?origin=AK$/);
  await page.waitForFunction((before) => document.querySelector('.count')?.textContent !== before, all);
  const titles = await page.locator('.grid .card .card-title').allTextContents();
  const api = await (await fetch(`${shop.base}/api/products?category=fresh&origin=AK&per_page=60`)).json();
  assert.ok(api.total > 0 && api.items.every((p) => p.origin_state === 'AK'));
  assert.deepEqual(titles.map((t) => t.trim()), api.items.map((p) => p.name.zh));
  await page.screenshot({ path: `${shots}/browse-filtered.png` });

  await page.reload();
  await page.waitForSelector('.grid .card:not(.skeleton)');
  assert.deepEqual(await page.locator('.grid .card .card-title').allTextContents(), titles);

  await page.goBack();
  await page.waitForURL(/\/c\/fresh(\?lang=zh-CN)?$/);
  await page.waitForFunction((want) => document.querySelector('.count')?.textContent === want, all);
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('back from a product returns to the list where it was', async () => {
  const { ctx, page } = await phone(browser, 'zh-CN');
  await page.goto(`${shop.base}/c/fresh?lang=zh-CN`);
  await page.waitForSelector('.grid .card:not(.skeleton)');
  await page.evaluate(() => window.scrollTo(0, 1400));
  await page.waitForTimeout(200);
  const y = await page.evaluate(() => window.scrollY);
  assert.ok(y > 1000, `the list scrolls (${y})`);
  // The card nearest the middle of the screen.
  await page.mouse.click(100, 400);
  await page.waitForURL(/\/p\//);
  await page.waitForSelector('.add-to-cart');
  await page.goBack();
  await page.waitForSelector('.grid .card:not(.skeleton)');
  await page.waitForFunction((want) => Math.abs(window.scrollY - want) < 40, y, { timeout: 5000 });
  await ctx.close();
});

test('pick a variant and add it to the cart', async () => {
  const { ctx, page, errors } = await phone(browser, 'en-US');
  await page.goto(`${shop.base}/p/king-crab-legs?lang=en-US`);
  await page.waitForSelector('.add-to-cart');
  const first = await page.textContent('.product-info .price-cny');
  await page.click('.variant >> nth=1');
  assert.equal(await page.getAttribute('.variant >> nth=1', 'aria-pressed'), 'true');
  const second = await page.textContent('.product-info .price-cny');
  assert.notEqual(first, second, 'the price follows the variant');
  await page.click('.add-to-cart');
  await page.getByText('Added to your cart').waitFor();
  assert.equal((await page.textContent('.cart-count')).trim(), '1');
  await page.click('.cart-link');
  await page.waitForSelector('.cart-line');
  assert.ok((await page.textContent('.cart-line-variant')).includes('2 kg'));
  await page.screenshot({ path: `${shots}/browse-cart-en.png` });

  // A sold-out variant cannot be picked.
  await page.goto(`${shop.base}/p/bing-cherries?lang=en-US`);
  await page.waitForSelector('.add-to-cart');
  assert.equal(await page.isDisabled('.variant >> nth=1'), true);
  assert.ok((await page.textContent('.variant >> nth=1')).includes('Sold out'));
  assert.deepEqual(errors, []);
  await ctx.close();
});

// The product page's cost adds up: goods, the parcel's freight and the tax
// (which is on both) make the sum shown, for one and for two.
for (const lang of ['zh-CN', 'en-US']) {
  test(`the product page shows goods, freight and tax that add up, in ${lang}`, async () => {
    const { ctx, page, errors } = await phone(browser, lang);
    await page.goto(`${shop.base}/p/sockeye-salmon?lang=${lang}`);
    await page.waitForSelector('.add-to-cart');
    const amounts = async () => (await page.locator('.landed dd').allTextContents())
      .map((t) => Math.round(Number(t.replace(/[^0-9.]/g, '')) * 100));
    const [goods, freight, tax, total] = await amounts();
    assert.ok(goods > 0 && freight > 0 && tax > 0, `${goods} ${freight} ${tax}`);
    assert.equal(goods + freight + tax, total);
    // The tax is on goods and freight: the rate of the page times their sum.
    const rate = Number((await page.textContent('.landed dt small')).match(/([0-9.]+)%/)[1]);
    assert.ok(Math.abs(tax - Math.round((goods + freight) * rate / 100)) <= 1, `${tax} at ${rate}%`);
    await page.screenshot({ path: `${shots}/product-landed-${lang}.png`, fullPage: true });
    await page.locator('.qty button').nth(1).click();
    await page.waitForFunction((g) => {
      const first = document.querySelector('.landed dd')?.textContent ?? '';
      return Math.round(Number(first.replace(/[^0-9.]/g, '')) * 100) === 2 * g;
    }, goods);
    const [goods2, freight2, tax2, total2] = await amounts();
    assert.equal(freight2, freight, 'one parcel still');
    assert.equal(goods2 + freight2 + tax2, total2);
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

// Filters that empty a category keep the filter panel, say which filters
// did it (each one removable), and offer to clear them; no "other words" on
// a category page.
for (const lang of ['zh-CN', 'en-US']) {
  test(`a filter that empties the list keeps the filters and a way back, in ${lang}`, async () => {
    const { ctx, page, errors } = await phone(browser, lang);
    await page.goto(`${shop.base}/c/fresh?origin=AK&min=90000&lang=${lang}`);
    await page.locator('.filtered-empty').waitFor();
    assert.equal(await page.locator('.filters summary').count(), 1, 'the filter panel stays');
    assert.equal(await page.locator('.filters .filter-count').textContent(), '2');
    const chips = (await page.locator('.active-filters .chip').allTextContents()).map((t) => t.replace('×', '').trim());
    assert.deepEqual(chips, lang === 'zh-CN' ? ['阿拉斯加州', '¥90000 以上'] : ['Alaska', 'from ¥90000']);
    assert.ok(!(await page.textContent('main')).includes(lang === 'zh-CN' ? '换个关键词' : 'other words'));
    await page.screenshot({ path: `${shots}/browse-filtered-empty-${lang}.png`, fullPage: true });
    // Dropping the price keeps the state.
    await page.locator('.active-filters .chip').nth(1).click();
    await page.waitForURL(/\/c\/fresh\?origin=AK$/);
    await page.waitForSelector('.grid .card:not(.skeleton)');
    // Back, then all filters at once.
    await page.goBack();
    await page.locator('.filtered-empty').waitFor();
    await page.click('.clear-filters');
    await page.waitForURL((u) => !u.search.includes('origin') && !u.search.includes('min'));
    await page.waitForSelector('.grid .card:not(.skeleton)');
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}

// Fresh produce out of its season is not sold as in stock: the page says
// when the next harvest ships, promises no days, and takes nothing into the cart.
const seasonWords = {
  'zh-CN': { state: /已过产季：下一季 (\d{4})年(\d+)月起/, button: '已过产季', days: '工作日' },
  'en-US': { state: /Out of season: the next harvest ships from (\w+) (\d{4})/, button: 'Out of season', days: 'working days' },
};
for (const lang of ['zh-CN', 'en-US']) {
  test(`produce out of season says when it ships and cannot be bought, in ${lang}`, async () => {
    const w = seasonWords[lang];
    // Next month only, in China: out of season whatever the month of the run.
    const now = new Date(Date.now() + 8 * 3600 * 1000);
    const next = (now.getUTCMonth() + 1) % 12 + 1;
    const year = now.getUTCFullYear() + (next === 1 ? 1 : 0);
    shop.sql(`UPDATE products SET season_from = ${next}, season_to = ${next} WHERE slug = 'georgia-peaches'`);
    const { ctx, page, errors } = await phone(browser, lang);
    await page.goto(`${shop.base}/p/georgia-peaches?lang=${lang}`);
    await page.waitForSelector('.add-to-cart');
    const state = await page.textContent('.stock-state.out-of-season');
    const m = state.match(w.state);
    assert.ok(m, state);
    assert.ok(state.includes(String(year)), `${state} (${year})`);
    if (lang === 'zh-CN') assert.equal(Number(m[2]), next);
    assert.equal(await page.isDisabled('.add-to-cart'), true);
    assert.equal((await page.textContent('.add-to-cart')).trim(), w.button);
    assert.ok(!(await page.textContent('.facts')).includes(w.days), 'no days promised');
    await page.screenshot({ path: `${shots}/product-out-of-season-${lang}.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}
