// A seller imports its products as drafts, opens its preview link on a phone,
// sees the drafts and the report in both languages, publishes, and finds the
// product in the public shop. Bad links get a clear page and no seller data.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { after, before, test } from 'node:test';
import { launch, phone, shots, startShop } from './shop.mjs';

const root = join(import.meta.dirname, '..', '..');
const SELLER = 'cascade-orchards';
let shop, browser;
before(async () => { mkdirSync(shots, { recursive: true }); shop = await startShop(); browser = await launch(); });
after(async () => { await browser?.close(); await shop?.stop(); });

/** The public API answers with the product (the server reloads its index within 2 s). */
async function publicSearch(q) {
  return (await (await fetch(`${shop.base}/api/products?q=${encodeURIComponent(q)}`)).json()).items.map((i) => i.slug);
}

test('import, preview with drafts and report, publish, on sale', async () => {
  // A bad file is refused as a whole, with its lines.
  const bad = join(tmpdir(), `haitao-bad-${process.pid}.csv`);
  writeFileSync(bad, 'slug,category,name_zh,name_en,origin_state,sku,price_usd,stock\nok-pear,fruit,梨,Pear,WA,OK-1,1.00,1\nbad-pear,fruit,梨,Pear,ZZ,BAD-1,abc,1\n');
  const refused = shop.cliFails('import', '--seller', SELLER, bad);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /line 3: origin_state "ZZ"/);
  assert.match(refused.stderr, /line 3: price_usd "abc"/);
  assert.equal(shop.scalar("SELECT COUNT(*) FROM products WHERE slug = 'ok-pear'"), '0');

  const out = shop.cli('import', '--seller', SELLER, join(root, 'docs/examples/cascade-orchards.csv'));
  assert.match(out, /3 new/);
  const link = shop.cli('preview-token', '--seller', SELLER, '--base', shop.base);
  assert.match(link, new RegExp(`^${shop.base}/preview/${SELLER}\\?token=[0-9a-f]{32}\\.\\d+\\.[0-9a-f]{64}$`));
  // Drafts are nowhere in the shop yet.
  assert.deepEqual(await publicSearch('博斯克'), []);

  for (const [locale, draft, report, pears] of [
    ['zh-CN', '草稿', '翻译与上架报告', '华盛顿博斯克梨'],
    ['en-US', 'Draft', 'Translation and listing report', 'Washington Bosc Pears'],
  ]) {
    const { ctx, page, errors } = await phone(browser, locale);
    await page.goto(`${link}&lang=${locale}`);
    await page.waitForSelector('.preview-banner');
    // The token leaves the address bar at once.
    assert.ok(!page.url().includes('token='), page.url());
    await page.waitForSelector('.grid .card:not(.skeleton)');
    const pearsCard = page.locator('.grid .card', { hasText: pears });
    await pearsCard.waitFor();
    assert.equal(await pearsCard.locator('.badge-draft').textContent(), draft);
    // Published products carry no draft mark.
    assert.equal(await page.locator('.grid .card', { hasText: locale === 'zh-CN' ? '车厘子' : 'Bing' }).locator('.badge-draft').count(), 0);
    await page.getByText(report).waitFor();
    const syrup = page.locator('.report-item[data-slug=apple-cider-syrup]');
    const syrupIssues = await syrup.locator('.report-issues li').allTextContents();
    assert.equal(syrupIssues.length, 3, syrupIssues.join(' | '));
    const crateBlocked = page.locator('.report-item[data-slug=orchard-gift-crate] .report-blocked');
    await crateBlocked.waitFor();
    assert.equal(await page.locator('.report-item[data-slug=orchard-gift-crate] li.blocking').count(), 2);
    await page.screenshot({ path: `${shots}/preview-${locale}.png` });
    await page.locator('#report').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector('#report').scrollIntoView());
    await page.screenshot({ path: `${shots}/preview-report-${locale}.png` });

    // The draft's product page, through the preview (the shop's own product page).
    await pearsCard.click();
    await page.waitForURL(new RegExp(`/preview/${SELLER}/p/bosc-pears`));
    await page.waitForSelector('.product h1');
    assert.equal(await page.textContent('.product h1'), pears);
    assert.equal(await page.locator('.variant[disabled]').count(), 1, 'the sold-out 5 kg box is disabled');
    await page.click('.add-to-cart');
    await page.waitForSelector('.added:not(:empty)');
    assert.deepEqual(await page.evaluate(() => JSON.parse(localStorage.getItem('haitao.cart') ?? '[]')), [], 'nothing in the cart');
    await page.getByText(locale === 'zh-CN' ? '预览中不能加入购物车' : 'Nothing goes in the cart in a preview').waitFor();
    await page.screenshot({ path: `${shots}/preview-product-${locale}.png` });
    assert.deepEqual(errors, []);
    await ctx.close();
  }

  // Publishing: the two that can be sold go on sale; the crate waits (exit 1, with why).
  const publish = shop.cliFails('publish', '--seller', SELLER);
  assert.equal(publish.status, 1);
  assert.match(shop.rows("SELECT slug || '=' || status FROM products WHERE slug IN ('bosc-pears','orchard-gift-crate') ORDER BY slug").join(','), /bosc-pears=published/);
  // The running shop sees it without a restart.
  for (let i = 0; i < 50 && !(await publicSearch('博斯克')).includes('bosc-pears'); i++) await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(await publicSearch('博斯克'), ['bosc-pears']);
  const { ctx, page, errors } = await phone(browser, 'zh-CN');
  await page.goto(`${shop.base}/search?q=${encodeURIComponent('博斯克')}&lang=zh-CN`);
  await page.locator('.grid .card', { hasText: '华盛顿博斯克梨' }).click();
  await page.waitForURL(/\/p\/bosc-pears$/);
  await page.click('.add-to-cart');
  await page.getByText('已加入购物车').waitFor();
  await page.screenshot({ path: `${shots}/preview-published.png` });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test('a bad, revoked or other seller\'s link gets a clear page and nothing of the seller', async () => {
  const good = shop.cli('preview-token', '--seller', 'kodiak-catch', '--base', shop.base);
  const token = new URL(good).searchParams.get('token');
  const cases = [
    ['zh-CN', `/preview/${SELLER}`, '链接里没有预览凭证'],
    ['en-US', `/preview/${SELLER}?token=abc`, 'This preview link is not valid'],
    ['zh-CN', `/preview/${SELLER}?token=${token}`, '这个预览链接属于另一家店铺'],
  ];
  const id = token.split('.')[0];
  for (const [locale, path, message] of cases) {
    const { ctx, page, errors } = await phone(browser, locale);
    await page.goto(`${shop.base}${path}${path.includes('?') ? '&' : '?'}lang=${locale}`);
    await page.locator('.preview-problem').getByText(message).waitFor();
    const text = await page.textContent('main');
    assert.ok(!/Cascade|喀斯喀特|Kodiak|科迪亚克/.test(text), text);
    assert.equal(await page.locator('.grid .card').count(), 0);
    await page.screenshot({ path: `${shots}/preview-refused-${locale}-${cases.findIndex((c) => c[2] === message)}.png` });
    assert.deepEqual(errors.filter((e) => !e.includes('401') && !e.includes('403')), []);
    await ctx.close();
  }
  // Revoked: the link that worked stops working.
  shop.cli('preview-token', '--seller', 'kodiak-catch', '--revoke', id);
  const { ctx, page } = await phone(browser, 'en-US');
  await page.goto(`${good}&lang=en-US`);
  await page.locator('.preview-problem').getByText('This preview link was revoked').waitFor();
  await ctx.close();
});

test('on a wide screen the storefront is in two phone frames, Chinese and English, beside the report', async () => {
  const link = shop.cli('preview-token', '--seller', SELLER, '--base', shop.base);
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto(link);
  await page.waitForSelector('.preview-wide .preview-report');
  const frames = page.locator('.phone iframe');
  assert.equal(await frames.count(), 2);
  const box = await frames.first().boundingBox();
  assert.ok(box.width >= 375 && box.width <= 400, `a phone's width: ${box.width}`);
  const zh = page.frameLocator('.phone:nth-child(1) iframe');
  const en = page.frameLocator('.phone:nth-child(2) iframe');
  await zh.locator('.seller-profile h1').getByText('喀斯喀特山脊果园').waitFor();
  await en.locator('.seller-profile h1').getByText('Cascade Ridge Orchards').waitFor();
  await page.screenshot({ path: `${shots}/preview-wide.png` });
  await ctx.close();
});

test('seller text is shown as text, never run as HTML', async () => {
  const hostile = '<img src=x onerror=alert(1)>';
  const file = join(tmpdir(), `haitao-xss-${process.pid}.json`);
  writeFileSync(file, JSON.stringify([{
    slug: 'xss-test', category: 'nuts', origin_state: 'CA', tax_class: 'general', channel: 'direct_mail',
    name: { zh: hostile, en: hostile }, description: { zh: '<script>alert(2)</script>', en: '<b>bold</b>' },
    images: ['/img/p/roasted-almonds-400.webp'],
    variants: [{ sku: 'XSS-1', label: { zh: '<i>一袋</i>', en: '<i>a bag</i>' }, price_usd: '5.00', stock: 3 }],
  }]));
  shop.cli('import', '--seller', 'golden-valley-nuts', file);
  shop.cli('publish', '--seller', 'golden-valley-nuts', '--product', 'xss-test');
  const link = shop.cli('preview-token', '--seller', 'golden-valley-nuts', '--base', shop.base);
  for (const url of [`${shop.base}/p/xss-test?lang=en-US`, `${link.replace('?', '/p/xss-test?')}&lang=en-US`]) {
    const { ctx, page, errors } = await phone(browser, 'en-US');
    let dialogs = 0;
    page.on('dialog', async (d) => { dialogs++; await d.dismiss(); });
    await page.goto(url);
    await page.waitForSelector('.product h1');
    assert.equal(await page.textContent('.product h1'), hostile);
    assert.equal(await page.locator('img[src=x]').count(), 0);
    assert.equal(await page.locator('.description b, .variants i').count(), 0);
    assert.match(await page.textContent('.description'), /<b>bold<\/b>/);
    await page.waitForTimeout(300);
    assert.equal(dialogs, 0);
    assert.deepEqual(errors, []);
    await page.screenshot({ path: `${shots}/xss-as-text${url.includes('preview') ? '-preview' : ''}.png` });
    await ctx.close();
  }
});
