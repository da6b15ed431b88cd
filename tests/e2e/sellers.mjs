// What the e2e tests of sellers and of what follows a purchase share: a
// seller's user signed in through the API (the code from the development
// outbox), calls with its cookie, and an order bought and paid in the sandbox.
import assert from 'node:assert/strict';
import { FOR_ORDER, accepted } from './shop.mjs';

export function sellerHelpers(shop) {
  async function outboxCode(email) {
    const mails = await (await fetch(`${shop.base}/api/dev/mail?to=${encodeURIComponent(email)}`)).json();
    return mails.at(-1).text.match(/\b(\d{6})\b/)[1];
  }

  /** Another seller's user signed in through the API: its session cookie. */
  async function apiSignIn(email) {
    await fetch(`${shop.base}/api/seller/auth/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
    const res = await fetch(`${shop.base}/api/seller/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, code: await outboxCode(email) }) });
    assert.equal(res.status, 200);
    return res.headers.get('set-cookie').split(';')[0];
  }

  async function apiCall(cookie, method, path, body, headers = {}) {
    const res = await fetch(`${shop.base}${path}`, { method, headers: { cookie, origin: shop.base, 'content-type': 'application/json', ...headers }, body: body && JSON.stringify(body) });
    return { status: res.status, body: await res.json().catch(() => null) };
  }

  /** Two of `sku` and a bag of almonds (another seller's), paid in the
   * sandbox, or with `method` through `settle(start)` (a provider's fake; `start`
   * is the shop's answer to paying: the payment and where it is paid). */
  async function buy(sku, mobile, tag, { method = 'alipay', settle } = {}) {
    const body = {
      lines: [{ sku, qty: 2 }, { sku: 'AL-500G', qty: 1 }],
      address: { recipient: '李四', mobile, province: '上海市', city: '市辖区', district: '浦东新区', street: '世纪大道100号', postcode: '200120' },
      identity: { name: '李四', id_number: '11010519491231002X' },
      accepted: await accepted(shop.base, FOR_ORDER),
    };
    const res = await fetch(`${shop.base}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `sc-order-${tag}` }, body: JSON.stringify(body) });
    assert.equal(res.status, 201, await res.clone().text());
    const { id, access_token } = await res.json();
    const pay = await fetch(`${shop.base}/api/orders/${id}/pay`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `sc-pay-${tag}`, 'x-order-token': access_token }, body: JSON.stringify({ method }) });
    assert.ok(pay.ok, `${pay.status}`);
    const start = await pay.json();
    const { payment_id } = start;
    if (settle) {
      await settle(start);
    } else {
      const paid = await fetch(`${shop.base}/sandbox/pay/${payment_id}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: shop.base }, body: 'outcome=succeeded' });
      assert.ok(paid.status < 400);
    }
    return { id, token: access_token };
  }
  return { outboxCode, apiSignIn, apiCall, buy };
}
