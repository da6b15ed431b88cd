// The first screen: the page names its first API requests (and a product's
// image) for preloading, the app uses exactly those answers (one request per
// URL, no "preloaded but not used" warning), and the static frame in
// index.html is replaced by the app without a layout shift.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, phone, startShop } from './shop.mjs';

let shop, browser;
before(async () => { shop = await startShop(); browser = await launch(); });
after(async () => { await browser?.close(); await shop?.stop(); });

for (const [path, ready] of [['/', '.grid .card'], ['/c/nuts', '.grid .card'], ['/p/rainier-cherries', '.product h1']]) {
  test(`${path}: preloads are used once, the frame gives way without a shift`, async () => {
    const { ctx, page, errors } = await phone(browser, 'zh-CN');
    const warnings = [];
    // (Trunk's own wasm preload draws an unrelated note about integrity.)
    page.on('console', (m) => { if (/preloaded|not used/i.test(m.text())) warnings.push(m.text()); });
    const requests = new Map();
    page.on('request', (r) => { const u = new URL(r.url()); const k = u.pathname + u.search; requests.set(k, (requests.get(k) || 0) + 1); });
    await page.addInitScript(() => {
      window.__cls = 0;
      new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(shop.base + path);
    // Painted before the app: the frame from index.html.
    await page.waitForSelector(ready);
    assert.equal(await page.locator('#shell').count(), 0, 'the static frame is gone once the app runs');
    const preloads = await page.evaluate(() => [...document.querySelectorAll('link[rel=preload][as=fetch]')].map((l) => new URL(l.href).pathname + new URL(l.href).search));
    assert.ok(preloads.length >= 1, 'the page names its first requests');
    // Chrome warns about unused preloads a few seconds after load.
    await page.waitForTimeout(3500);
    for (const url of preloads) assert.equal(requests.get(url), 1, `${url} fetched once (preload used): ${JSON.stringify([...requests])}`);
    assert.deepEqual(warnings, []);
    const cls = await page.evaluate(() => window.__cls);
    assert.ok(cls < 0.05, `layout shift ${cls}`);
    assert.deepEqual(errors, []);
    await ctx.close();
  });
}
