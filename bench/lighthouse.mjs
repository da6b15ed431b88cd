// Lighthouse (npm) in Debian's Chromium, mobile profile with its default
// simulated throttling, on each URL given; prints one JSON object per URL.
// Each URL is measured LH_RUNS times (3 unless set) and the run with the median
// performance score is reported, with every run's score and TBT beside it:
// Lighthouse's own advice for its run-to-run variance, which on this shared
// machine moves TBT by hundreds of milliseconds between hours.
// Usage: node bench/lighthouse.mjs name=URL ...
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const RUNS = Math.max(1, Number(process.env.LH_RUNS || 3));
const out = [];

async function measure(name, url) {
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
    return r;
}

try {
  for (const spec of process.argv.slice(2)) {
    const [name, url] = [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)];
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measure(name, url));
    const median = [...runs].sort((a, b) => a.performance - b.performance)[Math.floor(runs.length / 2)];
    out.push({ ...median, runs: runs.map((x) => ({ performance: x.performance, tbt_ms: x.tbt_ms, lcp_ms: x.lcp_ms })) });
  }
} finally {
  await chrome.kill();
}
console.log(JSON.stringify(out));
