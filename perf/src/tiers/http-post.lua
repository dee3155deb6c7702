-- wrk script of the ingest-http tier: POSTs one fixed body (read from the file named by
-- RAFAGA_BODY, with content type RAFAGA_CT) and prints one machine-readable RESULT line,
-- so the harness parses numbers rather than wrk's human summary.
wrk.method = "POST"
wrk.headers["Content-Type"] = os.getenv("RAFAGA_CT")
local file = assert(io.open(os.getenv("RAFAGA_BODY"), "rb"))
wrk.body = file:read("*a")
file:close()

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"durationUs":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,'
      .. '"p50":%d,"p90":%d,"p99":%d,"p999":%d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9)))
end
