// The seller centre, as a new seller meets it, on a phone (375x812) and a
// laptop (1280x800), in both languages: invited from the command line, the
// seller signs in with the code from the development outbox, uploads a
// catalog with one bad row and reads the report, fixes it, previews,
// publishes; a shopper buys the product (with another seller's in the same
// order); the seller sees only its own shipment, prints the slip and ships
// two parcels; the shopper's order page lists both waybills, and the SMS
// saying it shipped went to the buyer's mobile.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launch, phone, shots, startShop } from './shop.mjs';
import { sellerHelpers } from './sellers.mjs';

let shop, browser;
// Behind a proxy (this test's fetches): each X-Forwarded-For address is a client of its own.
let outboxCode, apiSignIn, apiCall, buy;
before(async () => {
  mkdirSync(shots, { recursive: true });
  shop = await startShop({ HAITAO_TRUSTED_PROXIES: '127.0.0.1' });
  ({ outboxCode, apiSignIn, apiCall, buy } = sellerHelpers(shop));
  browser = await launch();
});
after(async () => { await browser?.close(); await shop?.stop(); });

const words = {
  'zh-CN': { signIn: '卖家中心', report: '发现 1 个问题', hint: '大于零的美元金额', draft: '草稿', onSale: '在售', orders: '待发货订单', shipped: '已发货', parcels: '已发出的包裹', verified: '2026年12月1日 通过认证（CA farm visit）', verifyTitle: '正品查询', firstCheck: '这是此码第一次被查询。' },
  'en-US': { signIn: 'Seller centre', report: '1 problem, nothing was imported', hint: 'dollars and cents above zero', draft: 'Draft', onSale: 'On sale', orders: 'Orders to ship', shipped: 'Shipped', parcels: 'Parcels on their way', verified: 'Verified on Dec 1, 2026, by CA farm visit', verifyTitle: 'Is it genuine?', firstCheck: 'This is the first time this code has been checked.' },
};

const HEADER = 'slug,category,name_zh,name_en,description_zh,description_en,origin_state,tax_class,channel,certifications,images,season,tags,sku,variant_zh,variant_en,price_usd,stock';
/** A one-product catalog; `price` as the file writes it. */
function catalog(tag, price) {
  return [
    HEADER,
    `plum-jam-${tag},sweeteners,手工李子果酱,Small-Batch Plum Jam,用自家果园的李子慢火熬制。,Slow-cooked from our own orchard's plums.,CA,general,direct_mail,,/img/p/honeycrisp-apples-400.webp,,果酱,PJ-${tag.toUpperCase()},250 克,250 g,${price},30`,
    '',
  ].join('\n');
}

const runs = [
  ['zh-CN', 'phone', { width: 375, height: 812 }],
  ['en-US', 'phone', { width: 375, height: 812 }],
  ['zh-CN', 'laptop', { width: 1280, height: 800 }],
  ['en-US', 'laptop', { width: 1280, height: 800 }],
];

test('a seller signs in, imports, previews, publishes and ships what a shopper bought', async () => {
  shop.cli('seller', 'invite', 'golden-valley-nuts', 'nuts@golden-valley.example');
  const nuts = await apiSignIn('nuts@golden-valley.example');
  for (const [i, [lang, device, viewport]] of runs.entries()) {
    const w = words[lang];
    const tag = `${lang.slice(0, 2)}${device.slice(0, 2)}`;
    const slug = `sunny-acres-${tag}`;
    const email = `owner@${slug}.example`;
    const shot = (name) => `${shots}/seller-${device}-${lang}-${name}.png`;
    // The operator's one command (exit status 0, or execFileSync throws).
    shop.cli('seller', 'invite', slug, email, '--name-en', 'Sunny Acres', '--name-zh', '阳光农场', '--state', 'CA');
    shop.cli('seller', 'verify', slug, '--note', 'CA farm visit', '--on', '2026-12-01');

    const { ctx, page, errors } = await phone(browser, lang, { viewport });
    await page.goto(`${shop.base}/seller?lang=${lang}`);
    await page.locator('.sc-sign-in').waitFor();
    assert.equal((await page.textContent('.sc-sign-in h1')).trim(), w.signIn);
    await page.fill('input[name=email]', email);
    await page.click('.sc-send-code');
    await page.locator('.sc-sent').waitFor();
    await page.screenshot({ path: shot('sign-in') });
    await page.fill('input[name=code]', await outboxCode(email));
    await page.click('.sc-sign-in button[type=submit]');
    await page.locator('.sc-bar').waitFor();
    assert.ok((await page.textContent('.sc-seller')).includes(lang === 'zh-CN' ? '阳光农场' : 'Sunny Acres'));

    // The catalog: one bad row is reported by its line, nothing imported.
    await page.click(`.sc-tab[href="/seller/catalog"]`);
    await page.locator('.sc-import').waitFor();
    const file = (text) => ({ name: `${slug}.csv`, mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.setInputFiles('.sc-import input[type=file]', file(catalog(tag, 'four dollars')));
    await page.click('.sc-import button[type=submit]');
    await page.locator('.sc-import-report').waitFor();
    assert.ok((await page.textContent('.sc-import-report .form-error')).includes(w.report));
    const rows = await page.locator('.sc-import-report tbody tr').allTextContents();
    assert.equal(rows.length, 1);
    assert.match(rows[0], /^2/, 'the file\'s line 2');
    assert.match(rows[0], /price_usd/);
    assert.ok(rows[0].includes(w.hint), `in the seller's language: ${rows[0]}`);
    await page.screenshot({ path: shot('import-report'), fullPage: true });
    assert.equal((await fetch(`${shop.base}/api/products/plum-jam-${tag}`)).status, 404);
    // Fixed and uploaded again: a draft, not on sale.
    await page.setInputFiles('.sc-import input[type=file]', file(catalog(tag, '8.50')));
    await page.click('.sc-import button[type=submit]');
    await page.locator('.sc-imported').waitFor();
    await page.locator('.sc-product').first().waitFor();
    assert.equal((await page.textContent('.sc-product .badge')).trim(), w.draft);
    assert.equal((await fetch(`${shop.base}/api/products/plum-jam-${tag}`)).status, 404, 'a draft is not on sale');

    // The preview, from here: the storefront as shoppers will see it.
    await page.click('.sc-make-preview');
    const href = await page.locator('.sc-open-preview').getAttribute('href');
    const preview = await ctx.newPage();
    await preview.goto(`${shop.base}${href}&lang=${lang}`);
    await preview.getByText(lang === 'zh-CN' ? '手工李子果酱' : 'Small-Batch Plum Jam').first().waitFor();
    await preview.screenshot({ path: shot('preview') });
    await preview.close();

    // Published; the stock set in place.
    await page.click('.sc-publish-all');
    await page.locator('.sc-published').waitFor();
    await page.waitForFunction((t) => document.querySelector('.sc-product .badge')?.textContent.trim() === t, w.onSale);
    assert.equal((await fetch(`${shop.base}/api/products/plum-jam-${tag}`)).status, 200);
    await page.fill('.sc-variants input[name=stock]', '12');
    await page.click('.sc-variants button[type=submit]');
    await page.locator('.sc-saved').waitFor();
    await page.screenshot({ path: shot('catalog'), fullPage: true });

    // Shoppers see the seller's verification: when, and by whom.
    const storefront = await ctx.newPage();
    await storefront.goto(`${shop.base}/s/${slug}?lang=${lang}`);
    assert.equal((await storefront.textContent('.seller-verified-on')).trim(), w.verified);
    await storefront.screenshot({ path: shot('storefront') });
    await storefront.close();

    // A shopper buys it, with another seller's almonds in the same order.
    const mobile = `1390013900${i}`;
    const sku = `PJ-${tag.toUpperCase()}`;
    const order = await buy(sku, mobile, tag);

    // The seller's orders: its own shipment, its own lines only.
    await page.click('.sc-tab[href="/seller"]');
    await page.locator('.sc-shipment').first().waitFor();
    const listed = await page.locator('.sc-shipment').allTextContents();
    assert.equal(listed.length, 1, 'only its own shipment');
    assert.ok(listed[0].includes(order.id));
    await page.screenshot({ path: shot('orders'), fullPage: true });
    await page.click('.sc-shipment-link');
    await page.locator('.sc-slip').waitFor();
    const slip = await page.textContent('.sc-slip');
    assert.ok(slip.includes(sku) && !slip.includes('AL-500G'), 'only its own lines');
    assert.ok(slip.includes('李四') && slip.includes(mobile) && slip.includes('世纪大道100号'));
    assert.match(await page.textContent('.sc-last-mile'), /^收件人：李四/);
    assert.equal(await page.locator('.sc-code').count(), 2, 'a code per unit');
    await page.waitForFunction(() => [...document.querySelectorAll('.sc-code img')].every((i) => i.complete && i.naturalWidth > 0));
    const unitCode = (await page.locator('.sc-code-text').first().textContent()).trim();

    // Printed: the print dialog asked for, and on paper only the slip.
    await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
    await page.click('.sc-print');
    assert.equal(await page.evaluate(() => window.printed), 1);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.sc-ship').isVisible(), false);
    assert.equal(await page.locator('.sc-bar').isVisible(), false);
    await page.screenshot({ path: shot('slip-print'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // Two parcels, one unit each.
    const ship = async (carrier, waybill) => {
      const before = await page.locator('.sc-parcel').count();
      await page.selectOption('.sc-ship select[name=carrier]', carrier);
      await page.fill('.sc-ship input[name=waybill]', waybill);
      await page.fill(`.sc-ship input[name="qty-${sku}"]`, '1');
      await page.click('.sc-ship button[type=submit]');
      await page.waitForFunction((n) => document.querySelectorAll('.sc-parcel').length === n, before + 1);
    };
    const waybills = [`1ZSC${tag.toUpperCase()}000${i}1`, `9400SC${tag.toUpperCase()}000${i}2`];
    await ship('ups', waybills[0]);
    await ship('usps', waybills[1]);
    assert.equal(await page.locator('.sc-ship').count(), 0, 'nothing left to ship');
    await page.screenshot({ path: shot('shipped'), fullPage: true });
    assert.deepEqual(errors, []);

    // The other seller ships its almonds: the whole order has left.
    const { body: theirs } = await apiCall(nuts, 'GET', '/api/seller/shipments?status=to_ship');
    const almonds = theirs.shipments.find((s) => s.order_id === order.id);
    const sent = await apiCall(nuts, 'POST', `/api/seller/shipments/${almonds.id}/parcels`, { carrier: 'fedex', waybill: `7777SC${tag.toUpperCase()}${i}`, lines: [{ sku: 'AL-500G', qty: 1 }] }, { 'idempotency-key': `sc-nuts-${tag}` });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));

    // The shopper's order page: shipped, with both of this seller's waybills.
    const shopper = await ctx.newPage();
    await shopper.goto(`${shop.base}/orders/${order.id}?lang=${lang}&t=${order.token}`);
    await shopper.locator('.parcels li').first().waitFor();
    assert.equal((await shopper.textContent('.order-status .badge')).trim(), w.shipped);
    const parcels = (await shopper.locator('.parcels li').allTextContents()).join('\n');
    for (const waybill of waybills) assert.ok(parcels.includes(waybill), `${waybill} in ${parcels}`);
    await shopper.locator('.parcels').scrollIntoViewIfNeeded();
    await shopper.screenshot({ path: shot('shopper-order'), fullPage: true });
    // The buyer scans a unit's label: the product, its seller, where it went, and the first check.
    const check = await ctx.newPage();
    await check.goto(`${shop.base}/v/${unitCode}`);
    await check.locator('.verify-genuine').waitFor();
    assert.equal((await check.textContent('h1')).trim(), w.verifyTitle);
    assert.ok((await check.textContent('.verify-product')).includes(lang === 'zh-CN' ? '手工李子果酱' : 'Small-Batch Plum Jam'));
    assert.ok((await check.textContent('.verify-shipped')).includes(lang === 'zh-CN' ? '上海市' : '上海市'));
    assert.equal((await check.textContent('.verify-checks')).trim(), w.firstCheck);
    const checkText = await check.textContent('main');
    assert.ok(!checkText.includes('李四') && !checkText.includes(mobile), 'nothing of the buyer');
    await check.screenshot({ path: shot('verify') });
    // The same code checked from 20 other clients: a copied label, said plainly.
    for (let n = 1; n <= 20; n++) {
      const res = await fetch(`${shop.base}/api/verify/${unitCode}`, { headers: { 'x-forwarded-for': `198.51.${100 + i}.${n}` } });
      assert.equal(res.status, 200);
    }
    await check.reload();
    await check.locator('.verify-flagged').waitFor();
    assert.ok((await check.textContent('.verify-flagged')).includes('22'), await check.textContent('.verify-flagged'));
    await check.screenshot({ path: shot('verify-flagged') });
    await check.close();

    // The SMS to the delivery mobile (the notice job sends it).
    let sms = [];
    for (let n = 0; n < 100 && !sms.some((m) => m.includes('发货')); n++) {
      sms = (await (await fetch(`${shop.base}/api/dev/sms?phone=${mobile}`)).json()).map((m) => m.text);
      if (!sms.some((m) => m.includes('发货'))) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(sms.some((m) => m.includes('已全部发货')), JSON.stringify(sms));
    await ctx.close();
  }
});
