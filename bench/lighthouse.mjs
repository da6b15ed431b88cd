// Lighthouse (npm) in Debian's Chromium, mobile profile with its default
// simulated throttling, on each URL given; prints one JSON object per URL.
// Usage: node bench/lighthouse.mjs name=URL ...
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const out = [];
try {
  for (const spec of process.argv.slice(2)) {
    const [name, url] = [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)];
    const { lhr } = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error' });
    const score = (c) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
    const audit = (a) => lhr.audits[a]?.numericValue ?? null;
    const failing = (c) => (lhr.categories[c]?.auditRefs ?? [])
      .filter((r) => r.weight > 0 && (lhr.audits[r.id]?.score ?? 1) < 1)
      .map((r) => r.id);
    const r = {
      name, url,
      performance: score('performance'), accessibility: score('accessibility'),
      best_practices: score('best-practices'), seo: score('seo'),
      lcp_ms: Math.round(audit('largest-contentful-paint')), fcp_ms: Math.round(audit('first-contentful-paint')),
      tbt_ms: Math.round(audit('total-blocking-time')), cls: Number((audit('cumulative-layout-shift') ?? 0).toFixed(3)),
      benchmark_index: lhr.environment?.benchmarkIndex ?? null,
      failing: { accessibility: failing('accessibility'), best_practices: failing('best-practices'), seo: failing('seo') },
    };
    console.error(`lighthouse: ${name} perf ${r.performance} a11y ${r.accessibility} bp ${r.best_practices} seo ${r.seo} LCP ${r.lcp_ms} ms TBT ${r.tbt_ms} ms CLS ${r.cls}`);
    out.push(r);
  }
} finally {
  await chrome.kill();
}
console.log(JSON.stringify(out));
