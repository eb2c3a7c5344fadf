-- wrk script: GET each path of a file in turn (one path per line, e.g.
-- /api/v1/residents?id_number=…), with the API token of $YILIAN_TOKEN.
--   YILIAN_TOKEN=ylt_… wrk -t2 -c64 -d15s -s bench/paths.lua http://127.0.0.1:18080 -- paths.txt
-- Prints one line: p50_ms p99_ms rps non2xx errors (bench/run.sh reads it).
-- The requests are formatted once, in init: formatting each in request()
-- cost wrk about a tenth of the two cores it shares with the server.
local requests = {}
local i = 0
local token = os.getenv("YILIAN_TOKEN") or ""
function init(args)
  wrk.headers["Authorization"] = "Bearer " .. token
  for line in io.lines(args[1]) do requests[#requests + 1] = wrk.format("GET", line) end
  i = math.random(#requests)
end
function request()
  i = i % #requests + 1
  return requests[i]
end
function done(summary, latency, requests)
  io.write(string.format("p50_ms=%.2f p99_ms=%.2f max_ms=%.1f rps=%.0f requests=%d non2xx=%d errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
