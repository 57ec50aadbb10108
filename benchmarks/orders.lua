-- wrk script for benchmarks/orders.sh: every request places an order under an Idempotency-Key of its own. BENCH_RUN
-- differs between the warm-up and the measured run, so that no request of the run replays one of the warm-up.
local counter = 0
local threads = 0
local token = os.getenv("BENCH_TOKEN")
local body = os.getenv("BENCH_ORDER")
local run = os.getenv("BENCH_RUN")

function setup(thread)
  thread:set("thread", threads)
  threads = threads + 1
end

function request()
  counter = counter + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = run .. "-" .. thread .. "-" .. counter,
  }
  return wrk.format("POST", "/api/v1/orders", headers, body)
end
