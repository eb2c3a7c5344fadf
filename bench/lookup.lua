-- wrk script: GET /api/v1/residents?id_number=… cycling through sampled IDs.
-- Each wrk thread reads bench/out/ids.txt (one citizen ID per line).
local ids = {}
local i = 0
function init(args)
  for line in io.lines(args[1] or "bench/out/ids.txt") do ids[#ids + 1] = line end
  i = math.random(#ids)
end
function request()
  i = i % #ids + 1
  return wrk.format("GET", "/api/v1/residents?id_number=" .. ids[i])
end
function done(summary, latency, requests)
  io.write(string.format("p50_ms=%.2f p99_ms=%.2f rps=%.0f non2xx=%d errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
