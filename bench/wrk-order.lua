-- Every request places a new order for one unit (POST /api/orders), as a
-- buyer in a sale would: its own Idempotency-Key and its own payer ID number
-- (the yearly allowance and the holds are per ID), the legal documents in the
-- versions the shop serves. Prints one JSON line: latency percentiles,
-- throughput, and the answers counted by status and error code.
--
-- Environment (scripts/bench-orders sets it):
--   WRK_PORTS     ports on 127.0.0.1, comma-separated; wrk's threads are dealt
--                 over them (two server processes on one database);
--   WRK_SKU       the one SKU every order wants (hot), or
--   WRK_SKUS_FILE a file of SKUs, one a line, taken in turn (spread);
--   WRK_ACCEPTED  the JSON array of documents agreed to ({name, version});
--   WRK_RUN       a prefix for the keys, different for every run;
--   WRK_ID_BASE   where this run's ID numbers start (runs on one database
--                 must not share payers).

local ports = {}
for p in (os.getenv("WRK_PORTS") or ""):gmatch("%d+") do ports[#ports + 1] = tonumber(p) end

-- setup() runs in wrk's main Lua state, once per thread before any starts:
-- the only place a thread can be pointed at an address of its own.
local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("tid", #threads)
  if #ports > 0 then
    thread.addr = wrk.lookup("127.0.0.1", tostring(ports[(#threads - 1) % #ports + 1]))[1]
  end
end

local skus, accepted, run, id_base
local n = 0
statuses = {}
codes = {}

function init(args)
  local hot = os.getenv("WRK_SKU")
  skus = {}
  if hot and #hot > 0 then
    skus[1] = hot
  else
    for line in io.lines(os.getenv("WRK_SKUS_FILE")) do
      if #line > 0 then skus[#skus + 1] = line end
    end
  end
  accepted = os.getenv("WRK_ACCEPTED")
  run = os.getenv("WRK_RUN") or "bench"
  id_base = tonumber(os.getenv("WRK_ID_BASE") or "0")
end

-- tests/load/orders.test.mjs's idNumber, widened: its numbers repeat every
-- 9,000, fewer than one run places. The serial's thousands go into the region
-- code (first digit 1-7, as issued), its units into the sequence number; the
-- birth date varies as there.
local WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 }
local CHECK = "10X98765432"
local function id_number(s)
  local region = 100000 + math.floor(s / 1000) % 700000
  local body = string.format("%06d19%02d0%d1%d%03d", region, 50 + s % 40, s % 9 + 1, s % 10, s % 1000)
  local sum = 0
  for i = 1, 17 do sum = sum + tonumber(body:sub(i, i)) * WEIGHTS[i] end
  local c = sum % 11 + 1
  return body .. CHECK:sub(c, c)
end

local ADDRESS = '{"recipient":"张三","mobile":"13800138000","province":"上海市","city":"市辖区","district":"浦东新区","street":"世纪大道100号","postcode":"200120"}'

function request()
  n = n + 1
  -- Unique over the run's threads (at most 16) and over the runs (WRK_ID_BASE).
  local serial = id_base + n * 16 + tid
  -- Each thread walks the whole list, the threads far apart in it.
  local sku = skus[(n + tid * 7919) % #skus + 1]
  local body = string.format(
    '{"lines":[{"sku":"%s","qty":1}],"address":%s,"identity":{"name":"张三","id_number":"%s"},"accepted":%s}',
    sku, ADDRESS, id_number(serial), accepted)
  return wrk.format("POST", wrk.path, {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("%s-%d-%d", run, tid, n),
  }, body)
end

-- Counting here costs wrk a little speed; without it a 409 and a 429 look alike.
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status ~= 201 then
    local code = body and body:match('"code"%s*:%s*"([^"]+)"') or tostring(status)
    codes[code] = (codes[code] or 0) + 1
  end
end

local function json_counts(t)
  local parts = {}
  for k, v in pairs(t) do parts[#parts + 1] = string.format('"%s":%d', tostring(k), v) end
  table.sort(parts)
  return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
  local all, by_code = {}, {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses") or {}) do all[k] = (all[k] or 0) + v end
    for k, v in pairs(t:get("codes") or {}) do by_code[k] = (by_code[k] or 0) + v end
  end
  -- Anything but 201 is a failure here: even a 200 (a key seen before).
  local answered, created = 0, all[201] or 0
  for _, v in pairs(all) do answered = answered + v end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"p50_ms":%.2f,"p95_ms":%.2f,"p99_ms":%.2f,"rps":%.0f,"orders_per_s":%.0f,"requests":%d,"errors":%d,"non_2xx":%d,"statuses":%s,"codes":%s}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / seconds, created / seconds, summary.requests, errors, answered - created,
    json_counts(all), json_counts(by_code)))
end
