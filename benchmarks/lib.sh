# Shared by benchmarks/run.sh and benchmarks/profile.sh (sourced, not run): starting and stopping the shop in one JVM or
# as the README's four-node cluster, making what an order needs over the API, driving it with wrk, and reading the
# database's counters. Every process it starts is recorded and stopped on exit, and its temporary directory removed.

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar=$bench_root/launcher/target/bazaar.jar
port=${BENCH_PORT:-18097}   # the shop's HTTP port; the next two: the cluster's database node, limits.Hello
db_port=$((port + 1))
hello_port=$((port + 2))
work=""         # temporary: data directories and logs, removed on exit
started=()      # every process started here, stopped on exit
nodes=()        # the shop's JVMs now running
shop_data=""    # the data directory of the shop now running: its signing key, its PostgreSQL
pg_port=""

# The first N lines, reading all the rest: head would end a pipeline early, which pipefail takes for a failure.
top() { awk -v n="$1" 'NR <= n'; }

die() { echo "benchmark stopped: $*" >&2; exit 1; }

# Installs what is missing from Debian's packages (sudo only where it is present and we are not root).
need_tools() {
  local missing=() tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null && continue
    case $tool in psql) missing+=(postgresql-client) ;; jcmd | jfr) die "$tool is missing: it comes with the JDK" ;;
      *) missing+=("$tool") ;; esac
  done
  ((${#missing[@]} == 0)) && return
  local sudo=""
  ((EUID == 0)) || { sudo -n true 2>/dev/null && sudo=sudo; }
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; } \
    || die "could not install ${missing[*]}"
}

bench_init() {
  [[ -f $jar ]] || { echo "build the jar first: mvn -B -DskipTests package" >&2; exit 2; }
  need_tools wrk psql jq curl
  work=$(mktemp -d /tmp/bazaar-bench.XXXXXX)
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  trap 'die "line $LINENO of ${BASH_SOURCE[0]##*/} failed"' ERR
}

# SIGTERM lets a JVM stop its embedded PostgreSQL; a postmaster left behind by a JVM that died is stopped by its pid.
bench_cleanup() {
  local pid pidfile
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n $work ]]; then
    for pidfile in "$work"/*/pg/postmaster.pid; do
      [[ -f $pidfile ]] && kill "$(head -1 "$pidfile")" 2>/dev/null || true
    done
    rm -rf "$work"
  fi
}

# Runs a command in the background and records it for the clean-up; its pid is in $last.
spawn() {
  local log=$1; shift
  "$@" >"$log" 2>&1 &
  last=$!
  started+=("$last")
}

# Waits until a line matches in a log, or fails with the log's end if the process died or the time ran out.
await_log() {
  local pid=$1 log=$2 pattern=$3 what=$4 deadline=$((SECONDS + 90))
  until grep -q "$pattern" "$log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || die "$what exited before it was ready; the end of $log: $(tail -3 "$log" | tr '\n' ' ')"
    ((SECONDS < deadline)) || die "$what was not ready in 90 s; the end of $log: $(tail -3 "$log" | tr '\n' ' ')"
    sleep 0.2
  done
}

# The end of the newest log, on one line.
last_lines() { local log; log=$(ls -t "$results"/*.log | top 1); echo "the end of $log: $(tail -2 "$log" | tr '\n' ' ')"; }

await_ready() {
  local deadline=$((SECONDS + 120)) pid
  until curl -sf "localhost:$port/ready" >/dev/null; do
    for pid in "${nodes[@]}"; do
      kill -0 "$pid" 2>/dev/null || die "a shop node exited before the shop was ready: $(last_lines)"
    done
    ((SECONDS < deadline)) || die "the shop was not ready in 120 s: $(last_lines)"
    sleep 0.2
  done
}

# start_single NAME [OPTION...]: the whole shop in one JVM on its embedded PostgreSQL, in data directory NAME (kept
# across a restart of the same NAME). The rate limits are off (the load comes from one client), no demo products.
start_single() {
  local name=$1; shift
  shop_data=$work/$name
  spawn "$results/$name.log" java -jar "$jar" --http-port=$port --rate-limit=0 --decline-limit=0 --demo-data=false \
    --data-dir="$shop_data" "$@"
  nodes=("$last")
  await_ready
  pg_port=$(sed -n 4p "$shop_data/pg/postmaster.pid") # line 4 of its pid file is its port
  PGPASSWORD=$(cat "$shop_data/pg/postgres-password"); export PGPASSWORD # the superuser's, kept owner-only
}

# start_cluster NAME [OPTION...]: bazaar db; catalog and order; payment, shipping and notification; web as a lite
# member. All share one data directory, so that tokens signed with its key pass the web node.
start_cluster() {
  local name=$1; shift
  shop_data=$work/$name
  spawn "$results/$name-db.log" java -jar "$jar" db --port $db_port --data-dir "$shop_data"
  nodes=("$last")
  await_log "$last" "$results/$name-db.log" 'PostgreSQL is running' "the database node"
  local uri
  uri=$(sed -n 's/^PostgreSQL is running: //p' "$results/$name-db.log")
  local common=(--cluster --cluster-name "bench-$$" --pg-uri "$uri" --http-port=$port --rate-limit=0 --decline-limit=0
    --demo-data=false --data-dir="$shop_data" "$@")
  spawn "$results/$name-catalog-order.log" java -jar "$jar" "${common[@]}" --services catalog,order
  nodes+=("$last")
  spawn "$results/$name-payment-shipping.log" java -jar "$jar" "${common[@]}" --services payment,shipping,notification
  nodes+=("$last")
  await_log "${nodes[1]}" "$results/$name-catalog-order.log" 'Bazaar is running' "the catalog and order node"
  await_log "${nodes[2]}" "$results/$name-payment-shipping.log" 'Bazaar is running' "the payment and shipping node"
  spawn "$results/$name-web.log" java -jar "$jar" "${common[@]}" --services web --cluster-lite
  nodes+=("$last")
  await_ready
  pg_port=$db_port
  PGPASSWORD=$(cat "$shop_data/pg/postgres-password"); export PGPASSWORD
}

# Stops the running shop; the database node (the first, in a cluster) last, once no service uses it.
stop_shop() {
  local pid
  ((${#nodes[@]} > 0)) || return 0
  for pid in "${nodes[@]:1}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${nodes[@]:1}"; do wait "$pid" 2>/dev/null || true; done
  kill "${nodes[0]}" 2>/dev/null || true
  wait "${nodes[0]}" 2>/dev/null || true
  nodes=()
}

sql() { psql -h localhost -p "$pg_port" -U postgres -d postgres -X -q -tA -F'|' "$@"; }

api() { # api METHOD PATH TOKEN [BODY]: the answer's body; fails the run on anything but 2xx
  local out
  out=$(curl -s -w '\n%{http_code}' -X "$1" "localhost:$port$2" -H "Authorization: Bearer $3" \
    -H 'Content-Type: application/json' ${4:+-d "$4"}) || die "$1 $2: no answer"
  [[ ${out##*$'\n'} == 2* ]] || die "$1 $2 answered ${out##*$'\n'}: ${out%$'\n'*}"
  printf '%s' "${out%$'\n'*}"
}

# setup_shop N: N products with stock for a billion orders, a customer with a saved payment method, and the order wrk
# sends (its product left as BENCH_PRODUCT for orders.lua to fill in). Exports what orders.lua reads; the product ids
# are in $products, comma-separated, the first one the flash sale's.
setup_shop() {
  local n=$1 i id
  admin=$(java -jar "$jar" token --data-dir "$shop_data" --sub bench-admin --role admin --ttl 1h)
  BENCH_TOKEN=$(java -jar "$jar" token --data-dir "$shop_data" --sub bench-customer --role customer --ttl 1h)
  products=""
  for ((i = 1; i <= n; i++)); do
    id=$(api POST /api/v1/products "$admin" "{\"sku\": \"BENCH-$i\", \"name\": \"Benchmark $i\", \"category\": \"bench\",
      \"price\": {\"value\": 1000, \"currency\": \"EUR\"}}" | jq -r .id)
    api PUT "/api/v1/products/$id/stock" "$admin" '{"onHand": 1000000000}' >/dev/null
    products+=${products:+,}$id
  done
  local method
  method=$(api POST /api/v1/payment-methods "$BENCH_TOKEN" \
    '{"number": "4242424242424242", "expMonth": 12, "expYear": 2030, "cvc": "123"}' | jq -r .id)
  BENCH_ORDER="{\"lines\": [{\"productId\": \"BENCH_PRODUCT\", \"quantity\": 1}], \"payment\": {\"paymentMethod\": \"$method\"},
 \"shippingAddress\": {\"name\": \"Bench\", \"line1\": \"1 Main St\", \"city\": \"Berlin\", \"postalCode\": \"10115\", \"country\": \"DE\"}}"
  export BENCH_TOKEN BENCH_ORDER
}

# An admin read, waiting up to 60 s while the shop answers 503: after an overload the web verticle's circuit breakers
# stay open for a while before they call the order service again.
admin_read() {
  local deadline=$((SECONDS + 60)) out
  until out=$(curl -sf "localhost:$port$1" -H "Authorization: Bearer $admin"); do
    ((SECONDS < deadline)) || api GET "$1" "$admin" >/dev/null # fails the run with the answer
    sleep 0.5
  done
  printf '%s' "$out"
}

confirmed() { admin_read '/api/v1/admin/orders?status=CONFIRMED&size=1' | jq -r .total; }
placed() { admin_read '/api/v1/admin/orders?size=1' | jq -r .total; }

# The transaction id and the commits so far: txid_current() advances only for transactions that write, xact_commit
# counts every commit, the read-only ones too. A backend publishes its counters when it has been idle for 10 s or at
# most once a second while busy, so a sample is only exact once the shop has been idle that long: callers wait first.
counters() {
  sql -c "SELECT txid_current(), xact_commit FROM pg_stat_database WHERE datname = current_database()"
}

# Lets the connections' statistics reach pg_stat_database, and the last orders' asynchronous steps finish.
settle() { sleep 11; }

# wrk_orders NAME SECONDS PRODUCTS: orders from 64 connections over 2 threads, each under a fresh Idempotency-Key,
# spread round-robin over the comma-separated PRODUCTS. The answer is in $results/NAME.wrk.
wrk_orders() {
  BENCH_RUN=$1-$RANDOM BENCH_PRODUCTS=$3 wrk -t2 -c64 -d"$2s" --timeout 10s --latency \
    -s "$bench_root/benchmarks/orders.lua" "http://127.0.0.1:$port" >"$results/$1.wrk" \
    || die "wrk failed: $(cat "$results/$1.wrk")"
}

# A wrk latency line such as "99%  12.34ms" in milliseconds.
wrk_ms() {
  awk -v p="$2" '$1 == p {v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
    printf "%.1f", v * (u == "us" ? 0.001 : u == "s" ? 1000 : u == "m" ? 60000 : 1)}' "$1"
}

# Answers that were not 2xx, and requests that got none (timeouts, read and write errors).
wrk_failed() {
  awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$1"
}

# Per order: the transactions that wrote (the rise of the transaction id, less the sample's own) and the commits.
per_order() { # per_order BEFORE AFTER ORDERS
  awk -v b="$1" -v a="$2" -v n="$3" 'BEGIN {split(b, x, "|"); split(a, y, "|");
    if (n > 0) printf "%.1f|%.1f", (y[1] - x[1] - 1) / n, (y[2] - x[2]) / n; else printf "-|-"}'
}

# CPU ticks used so far by the JVMs of the shop and by its PostgreSQL (the postmaster and every backend under it).
cpu_ticks() {
  local jvm=0 pg=0 pid postmaster
  for pid in "${nodes[@]}"; do jvm=$((jvm + $(ticks "$pid"))); done
  postmaster=$(head -1 "$shop_data/pg/postmaster.pid")
  pg=$(ticks "$postmaster")
  for pid in $(ps -o pid= --ppid "$postmaster"); do
    pg=$((pg + $(ticks "$pid")))
  done
  echo "$jvm $pg"
}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
