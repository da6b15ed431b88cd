// 100 shoppers place and pay orders at once for LOAD_SECONDS (30) on
// loopback; halfway the server is killed with SIGKILL and started again. On
// PostgreSQL (HAITAO_E2E_DATABASE, `make test-postgres`) the shoppers are
// spread over two server processes on the one database, one of which is
// killed: its shoppers go on with the other, as behind a load balancer.
// Afterwards: every order that got a success answer is in the database once,
// stock never went below zero and matches what the orders took, no order is
// half-written, no paid order was lost, and no request got a 500.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startShop } from '../e2e/shop.mjs';

const SHOPPERS = Number(process.env.LOAD_SHOPPERS || 100);
const REPLICAS = process.env.HAITAO_E2E_DATABASE ? 2 : 1;
const SECONDS = Number(process.env.LOAD_SECONDS || 30);
// Three scarce variants run out under the load; the rest never do.
const SCARCE = { 'SS-1KG': 100, 'KC-2KG': 40, 'AL-500G': 150 };
const PLENTY = ['WN-454G', 'PI-454G', 'DC-454G'];

let shop;
before(async () => {
  // The per-client limits (10 orders a minute, 10% of a SKU held unpaid) would hold one loopback client;
  // here the point is the database under concurrent writers.
  shop = await startShop({ HAITAO_ORDER_BURST: '1000000', HAITAO_ORDERS_PER_MINUTE: '1000000', HAITAO_HOLD_PERCENT: '100', HAITAO_SANDBOX_ADVANCE_SECS: '100000' }, { replicas: REPLICAS });
  for (const [sku, n] of Object.entries(SCARCE)) shop.sql(`UPDATE variants SET stock = ${n} WHERE sku = '${sku}'`);
  for (const sku of PLENTY) shop.sql(`UPDATE variants SET stock = 1000000 WHERE sku = '${sku}'`);
});
after(async () => { await shop?.stop(); });

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// One person orders every tenth order: their yearly allowance must hold.
const FREQUENT = '11010519491231002X';
const ALLOWANCE_FEN = 2_600_000;
const CHECK = '10X98765432';
/** A valid resident ID number, different each call, so no yearly quota fills up. */
function idNumber(n) {
  const body = `11010${(n % 9) + 1}19${String(50 + (n % 40)).padStart(2, '0')}0${(n % 9) + 1}1${n % 10}${String(n % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * WEIGHTS[i], 0);
  return body + CHECK[sum % 11];
}

const address = { recipient: '张三', mobile: '13800138000', province: '上海市', city: '市辖区', district: '浦东新区', street: '世纪大道100号', postcode: '200120' };

// What each order agrees to (legal::FOR_ORDER), in the versions the shop serves.
let agreedTo = null;
async function agreed(base) {
  agreedTo ??= await Promise.all(['notice', 'consent-id', 'consent-abroad'].map(async (name) =>
    ({ name, version: (await (await fetch(`${base}/api/documents/${name}`)).json()).version })));
  return agreedTo;
}

test(`${SHOPPERS} shoppers on ${REPLICAS} server process(es) for ${SECONDS} s, a SIGKILL halfway: nothing lost, nothing doubled, stock never below zero, the allowance held`, async () => {
  const seen = { statuses: {}, network: 0, fiveHundreds: [] };
  const accepted = new Map(); // order id -> lines, for every 201/200 answer
  const paid = new Set(); // orders the API said were paid
  let serial = 0;
  const down = new Set(); // replicas killed and not yet back
  const count = (s, url) => { seen.statuses[s] = (seen.statuses[s] || 0) + 1; if (s >= 500) seen.fiveHundreds.push(`${s} ${url.replace(/[0-9a-f-]{36}/g, ':id')}`); };
  async function call(url, init, r = 0) {
    try {
      const res = await fetch(shop.bases[r] + url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(20000) });
      count(res.status, url);
      return res;
    } catch {
      seen.network++;
      return null;
    }
  }
  // The orders of the one payer who orders often, over the yearly allowance.
  const frequentOrders = new Set();
  async function shopper(k) {
    const until = Date.now() + SECONDS * 1000;
    while (Date.now() < until) {
      // The shopper's own process, or while it is down the other one.
      let r = k % REPLICAS;
      if (down.has(r)) r = (r + 1) % REPLICAS;
      if (down.has(r)) { await new Promise((ok) => setTimeout(ok, 50)); continue; }
      const other = (r + 1) % REPLICAS;
      const n = ++serial;
      // One order in four wants a scarce variant as well.
      const lines = [{ sku: PLENTY[n % 3], qty: 1 + (n % 2) }];
      if (n % 4 === 0) lines.unshift({ sku: Object.keys(SCARCE)[(n / 4) % 3], qty: 1 + ((n / 4) % 2) });
      const body = JSON.stringify({ lines, address, identity: { name: '张三', id_number: n % 10 === 0 ? FREQUENT : idNumber(n) }, accepted: await agreed(shop.bases[0]) });
      const key = `load-${k}-${n}-${process.pid}`;
      const headers = { 'content-type': 'application/json', 'idempotency-key': key };
      let res = await call('/api/orders', { method: 'POST', headers, body }, r);
      // A shopper whose answer was lost retries with the same key (reaching the other process, if there is one).
      if (!res || n % 7 === 0) res = await call('/api/orders', { method: 'POST', headers, body }, other) ?? res;
      if (!res || (res.status !== 201 && res.status !== 200)) continue;
      const order = await res.json();
      const before = accepted.get(order.id);
      if (before) assert.deepEqual(before, lines, 'a retried key returns the same order');
      accepted.set(order.id, lines);
      if (n % 10 === 0) frequentOrders.add(order.id);
      if (n % 2) continue; // half the orders are paid
      const own = { 'x-order-token': order.access_token };
      const pay = await call(`/api/orders/${order.id}/pay`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `${key}-pay`, ...own }, body: JSON.stringify({ method: n % 4 ? 'alipay' : 'wechat' }) }, r);
      if (!pay || pay.status !== 200) continue;
      const { payment_id } = await pay.json();
      // The provider's page may be served by either process.
      const done = await call(`/sandbox/pay/${payment_id}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: shop.bases[other] }, body: 'outcome=succeeded' }, other);
      if (!done || done.status !== 303) continue;
      const check = await call(`/api/orders/${order.id}`, { headers: own }, r);
      if (check?.status === 200 && (await check.json()).status === 'paid') paid.add(order.id);
    }
  }
  const started = Date.now();
  const crash = (async () => {
    await new Promise((r) => setTimeout(r, (SECONDS * 1000) / 2));
    down.add(0);
    await shop.crash(0);
    await shop.resume(0);
    down.delete(0);
  })();
  await Promise.all([crash, ...Array.from({ length: SHOPPERS }, (_, k) => shopper(k))]);
  const elapsed = (Date.now() - started) / 1000;
  console.log(`# load: ${elapsed.toFixed(1)} s, ${accepted.size} orders accepted, ${paid.size} paid, statuses ${JSON.stringify(seen.statuses)}, ${seen.network} network errors (the kill)`);

  // The servers' own account of a 5xx, to find its cause in a CI log.
  if (seen.fiveHundreds.length) console.log(shop.logs().split('\n').filter((l) => /ERROR|panick/.test(l)).map((l) => `# ${l}`).join('\n'));
  assert.deepEqual(seen.fiveHundreds, [], 'no request got a 5xx');
  assert.ok(accepted.size > SHOPPERS, `the load placed orders: ${accepted.size}`);
  assert.ok(paid.size > 0, 'and paid some');
  // Every accepted order is there, once, whole.
  const ids = [...accepted.keys()];
  const inDb = Number(shop.scalar(`SELECT COUNT(*) FROM orders WHERE id IN (${ids.map((i) => `'${i}'`).join(',')})`));
  assert.equal(inDb, ids.length, 'every order that got a success answer is in the database');
  assert.equal(shop.scalar('SELECT COUNT(*) FROM (SELECT idempotency_key FROM orders GROUP BY idempotency_key HAVING COUNT(*) > 1) AS twice'), '0', 'no order twice');
  assert.equal(shop.scalar('SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)'), '0', 'no order without its lines');
  const stored = Object.fromEntries(shop.rows('SELECT order_id, COUNT(*) FROM order_lines GROUP BY order_id').map(([id, n]) => [id, Number(n)]));
  for (const [id, lines] of accepted) assert.equal(stored[id], lines.length, `${id} has all its lines`);
  // Stock: never below zero, and exactly what the orders still standing took
  // (a payment over the frequent payer's allowance is refunded and its order
  // cancelled, its stock put back).
  assert.equal(shop.scalar('SELECT COUNT(*) FROM variants WHERE stock < 0'), '0');
  for (const [sku, initial] of Object.entries(SCARCE)) {
    const left = Number(shop.scalar(`SELECT stock FROM variants WHERE sku = '${sku}'`));
    const taken = Number(shop.scalar(`SELECT COALESCE(SUM(l.qty), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.sku = '${sku}' AND o.status != 'cancelled'`));
    assert.equal(left + taken, initial, `${sku}: ${left} left + ${taken} ordered = ${initial}`);
    assert.ok(left >= 0 && left < 3, `${sku} ran out under the load (${left} left)`);
  }
  // Every payment the shop confirmed survived the kill; every payment is applied once.
  const paidNow = Number(shop.scalar(`SELECT COUNT(*) FROM orders WHERE status = 'paid' AND id IN (${[...paid].map((i) => `'${i}'`).join(',')})`));
  assert.equal(paidNow, paid.size, 'no paid order lost');
  assert.equal(shop.scalar("SELECT COUNT(*) FROM (SELECT order_id FROM payments WHERE status = 'succeeded' GROUP BY order_id HAVING COUNT(*) > 1) AS twice"), '0');
  assert.equal(shop.scalar("SELECT COUNT(*) FROM orders o WHERE status = 'paid' AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.status = 'succeeded')"), '0', 'paid means a payment succeeded');
  // The frequent payer's paid orders stay within the yearly allowance; what
  // went over was refunded (orders/quota.rs).
  const frequent = [...frequentOrders].map((i) => `'${i}'`).join(',');
  const frequentPaid = Number(shop.scalar(`SELECT COALESCE(SUM(total_fen), 0) FROM orders WHERE status IN ('paid', 'customs_declared', 'shipped') AND id IN (${frequent})`));
  assert.ok(frequentPaid <= 2_600_000, `the frequent payer paid ${frequentPaid} fen, within the allowance`);
  // An order taken by one process reaches the other's listing within 2 s:
  // the last unit of a product the load did not touch, bought on each side.
  if (REPLICAS > 1) {
    const untouched = shop.rows(`SELECT v.sku, p.slug, p.category FROM variants v JOIN products p ON p.id = v.product_id
      WHERE (SELECT COUNT(*) FROM variants w WHERE w.product_id = p.id) = 1 AND p.status = 'published'
        AND v.sku NOT IN (${[...Object.keys(SCARCE), ...PLENTY].map((s) => `'${s}'`).join(',')}) ORDER BY p.slug LIMIT 2`);
    assert.equal(untouched.length, 2);
    for (const [i, [sku, slug, category]] of untouched.entries()) {
      const [buyer, watcher] = [i % 2, (i + 1) % 2];
      // One unit left (the listings, loaded before, say it is in stock either way).
      shop.sql(`UPDATE variants SET stock = 1 WHERE sku = '${sku}'`);
      const inStock = async (r) => {
        const body = await (await fetch(`${shop.bases[r]}/api/products?category=${category}&per_page=48`)).json();
        return body.items.find((c) => c.slug === slug)?.in_stock;
      };
      const body = JSON.stringify({ lines: [{ sku, qty: 1 }], address, identity: { name: '张三', id_number: idNumber(SHOPPERS * 1000 + i) }, accepted: await agreed(shop.bases[0]) });
      assert.equal(await inStock(watcher), true);
      const res = await fetch(`${shop.bases[buyer]}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `last-unit-${i}-${process.pid}` }, body });
      assert.equal(res.status, 201, await res.text());
      assert.equal(await inStock(buyer), false, `${slug} sold out where it was bought`);
      const deadline = Date.now() + 2000;
      while ((await inStock(watcher)) !== false && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.equal(await inStock(watcher), false, `${slug} sold out on the other process within 2 s`);
    }
  }
  // The frequent buyer reached the yearly allowance, and nobody passed it.
  const most = Number(shop.scalar("SELECT CAST(MAX(s) AS BIGINT) FROM (SELECT SUM(total_fen) AS s FROM orders WHERE status IN ('paid', 'customs_declared', 'shipped') GROUP BY id_hash) AS per_person"));
  assert.ok(most <= ALLOWANCE_FEN, `no one paid more than the allowance (${most} fen)`);
  assert.ok(most > ALLOWANCE_FEN * 0.9, `the frequent buyer came near it (${most} fen)`);
});
