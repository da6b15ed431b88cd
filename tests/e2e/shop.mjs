// Starts a real haitao-server on a temporary database and a free port, and
// launches Debian's Chromium through playwright-core, for the e2e tests.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

/// A PostgreSQL server (`make test-postgres`): each shop gets a database of its own there.
const postgres = process.env.HAITAO_E2E_DATABASE;

/// One server process, or with `replicas` several on the same (PostgreSQL)
/// database, each on its port: `bases[i]`, `crash(i)`, `resume(i)`.
export async function startShop(extraEnv = {}, { replicas = 1 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'haitao-e2e-'));
  const ports = [];
  for (let i = 0; i < replicas; i++) ports.push(await freePort());
  let db = join(dir, 'shop.db');
  if (postgres) {
    const name = `e2e_${randomBytes(8).toString('hex')}`;
    execFileSync('psql', [postgres, '-qc', `CREATE DATABASE ${name}`]);
    db = postgres.replace(/\/[^/]*$/, `/${name}`);
    // Development keeps a made secret beside a SQLite file; this shop's own, for its restarts.
    extraEnv = { HAITAO_SECRET: randomBytes(32).toString('hex'), ...extraEnv };
  }
  const bin = process.env.HAITAO_SERVER_BIN || join(root, 'target', 'release', 'haitao-server');
  const bases = ports.map((port) => `http://127.0.0.1:${port}`);
  const procs = [];
  // What each process wrote to stderr, kept across its restarts (a test prints it when a request failed).
  const logs = ports.map(() => '');
  async function up(i = 0) {
    const proc = spawn(bin, ['--database', db, '--dist', join(root, 'dist'), '--port', String(ports[i])], {
      stdio: ['ignore', 'ignore', 'pipe'],
      // Tests place orders faster than a person; the limit itself is tested in orders_api.
      env: { ...process.env, RUST_LOG: 'warn', HAITAO_ORDER_BURST: '500', ...extraEnv },
    });
    procs[i] = proc;
    let log = '';
    proc.stderr.on('data', (d) => { log += d; logs[i] += d; });
    for (let n = 0; ; n++) {
      try { if ((await fetch(`${bases[i]}/api/health`)).ok) return; } catch { /* not up yet */ }
      if (n > 100 || proc.exitCode !== null) throw new Error(`server did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  async function down(i = 0) { procs[i].kill('SIGTERM'); await new Promise((r) => procs[i].once('exit', r)); }
  // One at a time: the first migrates and seeds the database.
  for (let i = 0; i < replicas; i++) await up(i);
  return {
    base: bases[0],
    bases,
    db,
    /** Stops a server, keeping its database, as an outage would. */
    pause: down,
    /** Kills a server outright (SIGKILL): no shutdown, transactions cut wherever they are. */
    async crash(i = 0) { procs[i].kill('SIGKILL'); await new Promise((r) => procs[i].once('exit', r)); },
    resume: up,
    /** The lines every process has written to stderr since it first started. */
    logs() { return logs.join(''); },
    /** Runs SQL on the shop's database (psql, or python3's sqlite3: the server holds it in WAL mode). */
    // The statement goes on stdin, not argv: a load test's `IN (...)` of
    // thousands of ids is longer than one argument may be (E2BIG).
    sql(statement) {
      if (postgres) execFileSync('psql', [db, '-q', '-v', 'ON_ERROR_STOP=1'], { input: statement });
      else execFileSync('python3', ['-c', 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.stdin.read()); c.commit()', db], { input: statement });
    },
    /** The rows of a query, each an array of its values as text. */
    rows(statement) {
      const out = postgres
        ? execFileSync('psql', [db, '-qtA', '-v', 'ON_ERROR_STOP=1', '-F', '\t'], { input: statement }).toString()
        : execFileSync('python3', ['-c', "import sqlite3,sys; [print('\\t'.join(map(str, r))) for r in sqlite3.connect(sys.argv[1]).execute(sys.stdin.read())]", db], { input: statement }).toString();
      return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
    },
    /** Runs a haitao-server command (import, publish, preview-token) on the
     * shop's database, as a seller's admin would; returns its stdout. */
    cli(...args) {
      return execFileSync(bin, ['--database', db, ...args], { env: { ...process.env, RUST_LOG: 'warn', ...extraEnv } }).toString().trim();
    },
    /** The same, expected to fail: its exit status and stderr. */
    cliFails(...args) {
      try { execFileSync(bin, ['--database', db, ...args], { stdio: 'pipe', env: { ...process.env, ...extraEnv } }); } catch (e) { return { status: e.status, stderr: e.stderr.toString() }; }
      throw new Error(`haitao-server ${args.join(' ')} succeeded`);
    },
    /** One value from the shop's database. */
    scalar(statement) {
      return this.rows(statement)[0]?.[0];
    },
    async stop() { for (let i = 0; i < replicas; i++) await down(i); rmSync(dir, { recursive: true, force: true }); },
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/// For home, category and product pages the server draws the first screen
/// into index.html's frame, and the app takes its place when its own first
/// screen is ready: a page load is done when the frame is gone.
export function appReadyAfterLoads(page) {
  for (const name of ['goto', 'reload']) {
    const load = page[name].bind(page);
    page[name] = async (...args) => {
      const res = await load(...args);
      await page.waitForFunction(() => !document.getElementById('shell'), null, { timeout: 15000 });
      return res;
    };
  }
}

/// A phone: 375x812, touch, in the given language (or another browser:
/// its user agent, its viewport).
export async function phone(browser, locale, { userAgent, viewport = { width: 375, height: 812 } } = {}) {
  // A wide viewport is a desktop screen: no touch, not mobile.
  const mobile = viewport.width < 600;
  const ctx = await browser.newContext({ viewport, deviceScaleFactor: 2, isMobile: mobile, hasTouch: mobile, locale, ...(userAgent ? { userAgent } : {}) });
  const page = await ctx.newPage();
  appReadyAfterLoads(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Anything the Content-Security-Policy blocks is a fault on any page.
  page.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) errors.push(m.text()); });
  return { ctx, page, errors };
}

export const shots = join(root, 'test-results');

/// Puts one of product `slug` in the cart and fills the checkout up to its
/// payment step (a Shanghai address, the GB 11643 example ID).
export async function fillToPayment(page, base, slug, lang = 'zh-CN') {
  await page.goto(`${base}/p/${slug}?lang=${lang}`);
  await page.waitForSelector('.add-to-cart');
  await page.click('.add-to-cart');
  await page.goto(`${base}/checkout/address`);
  await page.waitForSelector('#f-province option[value="上海市"]', { state: 'attached' });
  await page.fill('#f-recipient', '张三');
  await page.fill('#f-mobile', '13800138000');
  await page.selectOption('#f-province', '上海市');
  await page.selectOption('#f-district', '浦东新区');
  await page.fill('#f-street', '世纪大道100号');
  await page.fill('#f-postcode', '200120');
  await fillIdentity(page);
}

/// From a filled address step: on to the identity step, the GB 11643
/// example ID with its consent, and on to the payment step.
export async function fillIdentity(page) {
  await page.click('.next-step');
  await page.waitForSelector('#f-id_number');
  await page.fill('#f-id_number', '11010519491231002X');
  await page.check('input[name=agree-consent-id]');
  await page.click('.next-step');
  await page.waitForSelector('input[name=method]');
}

/// Ticks the confirm step's consumer notice and the consent to send the
/// recipient's details to the sellers abroad (legal::FOR_ORDER's other two).
export async function agreeToOrder(page) {
  await page.check('input[name=agree-notice]');
  await page.check('input[name=agree-consent-abroad]');
}

/// The same, then `method` (Alipay unless named), up to the review step.
export async function fillCheckout(page, base, slug, lang = 'zh-CN', method = 'alipay') {
  await fillToPayment(page, base, slug, lang);
  await page.check(`input[name=method][value=${method}]`);
  await page.click('.next-step');
  await page.waitForSelector('.review .totals');
  await agreeToOrder(page);
}

/// What an API call agrees to, as the storefront sends it once each box is
/// ticked: `names` (legal documents) in the versions the shop serves.
export const FOR_ORDER = ['notice', 'consent-id', 'consent-abroad'];
export const FOR_SIGN_IN = ['terms', 'privacy'];
export async function accepted(base, names) {
  return Promise.all(names.map(async (name) =>
    ({ name, version: (await (await fetch(`${base}/api/documents/${name}`)).json()).version })));
}

/// The local fakes of Alipay and WeChat Pay (`--example fake_providers`):
/// the settings that point a shop at them (`env`), and `stop`.
export async function startFakes() {
  const dir = mkdtempSync(join(tmpdir(), 'haitao-fakes-'));
  const bin = process.env.HAITAO_FAKES_BIN || join(root, 'target', 'debug', 'examples', 'fake_providers');
  const proc = spawn(bin, [dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((ok, fail) => {
    const lines = createInterface({ input: proc.stdout });
    lines.once('line', ok);
    proc.once('exit', (code) => fail(new Error(`fake providers exited (${code})`)));
  });
  return {
    env: JSON.parse(line),
    stop() { proc.kill(); rmSync(dir, { recursive: true, force: true }); },
  };
}
