// After the money arrives: an order of two sellers' goods reaches each seller
// as a shipment of its own lines; each seller (signed in by email and a code
// from the development outbox) ships them through the API; the shopper's
// order page then says shipped and lists every parcel with its carrier and
// waybill, in both languages, on a phone.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { FOR_ORDER, accepted, launch, phone, shots, startShop } from './shop.mjs';

let shop, browser;
before(async () => { mkdirSync(shots, { recursive: true }); shop = await startShop(); browser = await launch(); });
after(async () => { await browser?.close(); await shop?.stop(); });

const words = {
  'zh-CN': { status: '已发货', parcels: '已发出的包裹', ups: 'UPS', usps: '美国邮政' },
  'en-US': { status: 'Shipped', parcels: 'Parcels on their way', ups: 'UPS', usps: 'USPS' },
};

/** The seller's user `email` signed in: their session cookie (`name=value`). */
async function sellerSignIn(email) {
  const send = await fetch(`${shop.base}/api/seller/auth/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
  assert.equal(send.status, 202);
  const mails = await (await fetch(`${shop.base}/api/dev/mail?to=${encodeURIComponent(email)}`)).json();
  const code = mails.at(-1).text.match(/\b(\d{6})\b/)[1];
  const res = await fetch(`${shop.base}/api/seller/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, code }) });
  assert.equal(res.status, 200);
  return res.headers.get('set-cookie').split(';')[0];
}

async function sellerCall(cookie, method, path, body, headers = {}) {
  const res = await fetch(`${shop.base}${path}`, {
    method,
    headers: { cookie, origin: shop.base, 'content-type': 'application/json', ...headers },
    body: body && JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

let serial = 0;
/** An order of almonds (golden-valley-nuts) and honey (prairie-bee), paid in the sandbox. */
async function paidOrder(lang) {
  const n = `${process.pid}-${++serial}`;
  const body = {
    lines: [{ sku: 'AL-500G', qty: 2 }, { sku: 'HO-500G', qty: 1 }],
    address: { recipient: '张三', mobile: '13800138000', province: '上海市', city: '市辖区', district: '浦东新区', street: '世纪大道100号', postcode: '200120' },
    identity: { name: '张三', id_number: '11010519491231002X' },
    accepted: await accepted(shop.base, FOR_ORDER),
  };
  const res = await fetch(`${shop.base}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `ship-${n}` }, body: JSON.stringify(body) });
  assert.equal(res.status, 201);
  const { id, access_token } = await res.json();
  const pay = await fetch(`${shop.base}/api/orders/${id}/pay`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `ship-pay-${n}`, 'x-order-token': access_token }, body: JSON.stringify({ method: 'wechat' }) });
  assert.ok(pay.ok, `${pay.status}`);
  const { payment_id } = await pay.json();
  const paid = await fetch(`${shop.base}/sandbox/pay/${payment_id}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: shop.base }, body: 'outcome=succeeded' });
  assert.ok(paid.status < 400, `the sandbox took the payment (${paid.status}, ${lang})`);
  return { id, token: access_token };
}

test('each seller ships its own lines; the shopper follows every parcel (both languages)', async () => {
  shop.cli('seller', 'invite', 'golden-valley-nuts', 'nuts@golden-valley.example');
  shop.cli('seller', 'invite', 'prairie-bee', 'hives@prairie-bee.example');
  const nuts = await sellerSignIn('nuts@golden-valley.example');
  const bees = await sellerSignIn('hives@prairie-bee.example');
  for (const lang of ['zh-CN', 'en-US']) {
    const w = words[lang];
    const order = await paidOrder(lang);
    const shipmentOf = async (cookie) => {
      const { status, body } = await sellerCall(cookie, 'GET', '/api/seller/shipments?status=to_ship');
      assert.equal(status, 200);
      const mine = body.shipments.find((s) => s.order_id === order.id);
      assert.ok(mine, 'the order reached this seller');
      return mine;
    };
    const nutShipment = await shipmentOf(nuts);
    assert.equal(nutShipment.units, 2, 'only its own lines');
    const beeShipment = await shipmentOf(bees);
    assert.equal(beeShipment.units, 1);
    // Two parcels of almonds, one of honey.
    const parcels = [
      [nuts, nutShipment.id, { carrier: 'ups', waybill: `1Z999AA1012345${lang === 'zh-CN' ? '6784' : '6785'}`, lines: [{ sku: 'AL-500G', qty: 1 }] }],
      [nuts, nutShipment.id, { carrier: 'ups', waybill: `1Z999AA1012346${lang === 'zh-CN' ? '6784' : '6785'}`, lines: [{ sku: 'AL-500G', qty: 1 }] }],
      [bees, beeShipment.id, { carrier: 'usps', waybill: `94001118992231000012${lang === 'zh-CN' ? '34' : '35'}`, lines: [{ sku: 'HO-500G', qty: 1 }] }],
    ];
    for (const [i, [cookie, shipment, parcel]] of parcels.entries()) {
      const { status, body } = await sellerCall(cookie, 'POST', `/api/seller/shipments/${shipment}/parcels`, parcel, { 'idempotency-key': `parcel-${order.id}-${i}` });
      assert.equal(status, 201, JSON.stringify(body));
    }
    const { ctx, page, errors } = await phone(browser, lang);
    await page.goto(`${shop.base}/orders/${order.id}?lang=${lang}&t=${order.token}`);
    await page.locator('.parcels li').first().waitFor();
    assert.equal((await page.textContent('.order-status .badge')).trim(), w.status);
    assert.equal((await page.textContent('.parcels h2')).trim(), w.parcels);
    const listed = await page.locator('.parcels li').allTextContents();
    assert.equal(listed.length, 3);
    assert.ok(listed[0].includes(w.ups) && listed[0].includes(parcels[0][2].waybill), listed[0]);
    assert.ok(listed[2].includes(w.usps) && listed[2].includes(parcels[2][2].waybill), listed[2]);
    await page.locator('.parcels').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/order-${lang}-shipped.png`, fullPage: true });
    assert.deepEqual(errors, []);
    await ctx.close();
  }
});
