-- wrk script for bench/run.sh. Counts every response by status, and prints one
-- machine-readable RESULT line at the end (latencies from wrk's own histogram).
--
--   wrk ... -s bench.lua URL -- fixed
--       the same request every time (wrk's static request, built from the URL and -H)
--   wrk ... -s bench.lua URL -- tokens FILE THREADS COUNT
--       POST /transfer, one line of FILE per request (token TAB Idempotency-Key TAB
--       body, as dev.stepup.bank.bench.load.Mint writes them). Thread i of THREADS
--       takes only lines [(i-1)*COUNT/THREADS + 1, i*COUNT/THREADS], so no token
--       is ever sent twice. A thread that runs out stops and the run is marked
--       exhausted: its rate is then meaningless (mint more tokens).
--
-- Note: wrk calls request() once on the first thread before the run to check
-- the request; that token is skipped, never sent (it shows as one "unanswered").

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

function init(args)
   statuses = {}
   sent = 0
   answered = 0
   available = 0
   exhausted = 0
   mode = args[1] or "fixed"
   if mode == "fixed" then
      request = nil -- wrk then sends its pre-built static request
      return
   end
   assert(mode == "tokens", "mode must be fixed or tokens")
   local file, nthreads, count = args[2], tonumber(args[3]), tonumber(args[4])
   local per = math.floor(count / nthreads)
   local first, last = (id - 1) * per + 1, id * per
   queue = {}
   local i = 0
   for line in io.lines(file) do
      i = i + 1
      if i > last then break end
      if i >= first then
         local token, key, body = line:match("^([^\t]+)\t([^\t]+)\t(.+)$")
         assert(token, "bad token line " .. i)
         available = available + 1
         queue[available] = wrk.format("POST", "/transfer", {
            ["Authorization"] = "Bearer " .. token,
            ["Idempotency-Key"] = key,
            ["Content-Type"] = "application/json",
         }, body)
      end
   end
   spare = wrk.format("GET", "/actuator/health/liveness", {}, nil)
end

function request()
   if sent < available then
      sent = sent + 1
      local r = queue[sent]
      queue[sent] = nil
      return r
   end
   if exhausted == 0 then
      exhausted = 1
      wrk.thread:stop()
   end
   return spare -- never a token twice; its answer is not counted below
end

function response(status, headers, body)
   if exhausted == 1 then return end
   answered = answered + 1
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local merged, codes = {}, {}
   local sent_all, answered_all, exhausted_all = 0, 0, 0
   for _, thread in ipairs(threads) do
      for code, n in pairs(thread:get("statuses")) do
         if merged[code] == nil then table.insert(codes, code) end
         merged[code] = (merged[code] or 0) + n
      end
      sent_all = sent_all + thread:get("sent")
      answered_all = answered_all + thread:get("answered")
      exhausted_all = exhausted_all + thread:get("exhausted")
   end
   table.sort(codes)
   local parts, non2xx = {}, 0
   for _, code in ipairs(codes) do
      table.insert(parts, code .. ":" .. merged[code])
      if code < 200 or code > 299 then non2xx = non2xx + merged[code] end
   end
   local e = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "RESULT rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f requests=%d seconds=%.2f "
         .. "non2xx=%d statuses=%s c201=%d c422=%d sent=%d answered=%d exhausted=%d "
         .. "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
      summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000, summary.requests, seconds,
      non2xx, (#parts > 0 and table.concat(parts, ",") or "none"), merged[201] or 0, merged[422] or 0,
      sent_all, answered_all, exhausted_all, e.connect, e.read, e.write, e.timeout))
end
