-- wrk script for benchmarks/orders.sh and run.sh: every request places an order under an Idempotency-Key of its own.
-- BENCH_RUN differs between the warm-up and the measured run, so that no request of the run replays one of the warm-up.
-- With BENCH_PRODUCTS (comma-separated ids), the word BENCH_PRODUCT in BENCH_ORDER is replaced by one of them per
-- request, round-robin, so that the orders spread evenly over the products.
local counter = 0
local threads = 0
local token = os.getenv("BENCH_TOKEN")
local body = os.getenv("BENCH_ORDER")
local run = os.getenv("BENCH_RUN")
local bodies = {}
for id in string.gmatch(os.getenv("BENCH_PRODUCTS") or "", "[^,]+") do
  bodies[#bodies + 1] = (string.gsub(body, "BENCH_PRODUCT", id))
end
if #bodies == 0 then bodies[1] = body end

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
  return wrk.format("POST", "/api/v1/orders", headers, bodies[(counter + thread) % #bodies + 1])
end
