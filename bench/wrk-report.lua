-- Prints one JSON line with the latency percentiles and throughput.
local body = os.getenv("WRK_BODY")
local encoding = os.getenv("WRK_ACCEPT_ENCODING")
if encoding and #encoding > 0 then
  wrk.headers["Accept-Encoding"] = encoding
end
if body and #body > 0 then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format('{"p50_ms":%.2f,"p95_ms":%.2f,"p99_ms":%.2f,"rps":%.0f,"requests":%d,"errors":%d,"non_2xx":%d}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests, errors, summary.errors.status))
end
