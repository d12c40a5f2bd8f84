-- wrk script: prints one line of JSON with requests/s, p50 and p95 latency (ms), errors, and how many
-- responses came from the portal's page cache (X-Page-Cache: hit) or were drawn and kept (miss).
-- With an argument (wrk ... -s wrk_report.lua URL -- visits.tsv), each request takes the next line of that
-- file, "path<TAB>cookie", so many visitors' pages are asked for in turn; each thread starts elsewhere in it.
local threads = {}

function setup(thread)
  thread:set("number", #threads)
  table.insert(threads, thread)
end

function init(args)
  hits, misses = 0, 0
  if args[1] then
    visits = {}
    for line in io.lines(args[1]) do
      local path, cookie = line:match("^([^\t]+)\t(.*)$")
      table.insert(visits, {path, cookie})
    end
    position = (number * 7919) % #visits
  end
end

function request()
  if not visits then return wrk.request() end
  position = position % #visits + 1
  return wrk.format("GET", visits[position][1], {Cookie = visits[position][2]})
end

function response(status, headers, body)
  local state = headers["X-Page-Cache"] or headers["x-page-cache"]
  if state == "hit" then hits = hits + 1 elseif state == "miss" then misses = misses + 1 end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  local all_hits, all_misses = 0, 0
  for _, thread in ipairs(threads) do
    all_hits = all_hits + thread:get("hits")
    all_misses = all_misses + thread:get("misses")
  end
  io.write(string.format('{"requests": %d, "rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f, "errors": %d, "hits": %d, "misses": %d}\n',
    summary.requests, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000, errors, all_hits, all_misses))
end
