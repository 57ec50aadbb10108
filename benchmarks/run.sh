#!/usr/bin/env bash
# Every goal figure of the checkout (issue 20) in one run, on this machine's embedded PostgreSQL with its durable
# defaults, and beside them the machine's yardsticks; then one table with each figure next to its goal.
#
#   mvn -B -DskipTests package && benchmarks/run.sh [all | single | cluster | latency | yardsticks | profile] ...
#
#   single      one JVM, 64 connections, a saved payment method: the flash sale (every order the same product) and
#               100 products, both at --payment-latency 0ms; then the flash sale with the default 50 ms processor;
#               then the open model at 500 orders/s (bazaar loadgen --rate 500 --mix checkout=1)
#   latency     the open model alone
#   cluster     the flash sale on the README's four nodes, against the flash sale in one JVM (run too if single is not)
#   yardsticks  the JSON hello world (wrk) and limits.Pg, from ../shared/yardsticks
#   all         single, cluster and yardsticks (the default; about 7 minutes)
#   profile     benchmarks/profile.sh: where the flash sale's time goes
#
# Each wrk scenario: 5 s of warm-up, 11 s idle, 20 s measured (BENCH_SECONDS), 11 s idle; the idle spells let every
# connection publish its statistics and the last orders finish. Raw answers and logs stay in the results directory it
# names (BENCH_RESULTS, default benchmarks/results/<UTC time>). Installs wrk, psql and jq if they are missing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

single=no cluster=no latency=no yardsticks=no
for arg in "${@:-all}"; do
  case $arg in
    all) single=yes cluster=yes yardsticks=yes ;;
    single) single=yes ;;
    cluster) cluster=yes ;;
    latency) latency=yes ;;
    yardsticks) yardsticks=yes ;;
    profile) exec "$here/profile.sh" ;;
    *) echo "run.sh: unknown option '$arg'; use all, single, cluster, latency, yardsticks or profile" >&2; exit 2 ;;
  esac
done
[[ $single == yes ]] && latency=yes

source "$here/lib.sh"
seconds=${BENCH_SECONDS:-20}
results=${BENCH_RESULTS:-$here/results/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$results"
bench_init
summary=$results/summary.txt
: >"$summary"
flash_rate="" # one JVM's flash-sale orders/s, for the cluster's goal

row() { echo "$*" >>"$summary"; }
at_least() { awk -v v="$1" -v g="$2" 'BEGIN {print (v + 0 >= g ? "met" : "NOT MET")}'; }

# scenario NAME LABEL PRODUCTS GOAL_RATE: orders by wrk, counted over the admin API and the database's counters.
scenario() {
  local name=$1 label=$2 products=$3 goal=$4
  echo "== $label: warm-up, then ${seconds} s"
  wrk_orders "$name-warm-up" 5 "$products"
  settle
  local before c0 p0 after
  before=$(counters); c0=$(confirmed); p0=$(placed)
  wrk_orders "$name" "$seconds" "$products"
  settle
  after=$(counters)
  local answered confirmed_now=$(($(confirmed) - c0)) all=$(($(placed) - p0)) rate
  answered=$(($(awk '/requests in/ {print $1}' "$results/$name.wrk") - $(wrk_failed "$results/$name.wrk")))
  rate=$(awk -v n=$answered -v s="$seconds" 'BEGIN {printf "%.0f", n / s}')
  [[ $name == flash ]] && flash_rate=$rate
  [[ $name == cluster-flash ]] && goal=$(awk -v r="${flash_rate:-0}" 'BEGIN {printf "%.0f", 0.8 * r}')
  echo "   $answered orders answered 2xx, $rate orders/s; $all placed and $confirmed_now confirmed in the window"
  ((confirmed_now >= answered)) || echo "   of the orders answered, $((answered - confirmed_now)) are not CONFIRMED"
  local goal_text=">= $goal orders/s"
  [[ $name == cluster-flash ]] && goal_text=">= 0.8 x ${flash_rate:-?} = $goal orders/s"
  row "$label|$rate|$(wrk_ms "$results/$name.wrk" 50%)|$(wrk_ms "$results/$name.wrk" 99%)|$(wrk_failed "$results/$name.wrk")|$(per_order "$before" "$after" "$all")|$goal_text|$(at_least "$rate" "$goal")"
}

# The open model: orders planned at 500/s whatever the answers, by the project's load generator, with a card per order
# (one in ten declined) over the shop's products.
open_model() {
  local name=open-500 label="open model 500/s"
  echo "== $label: warm-up, then ${seconds} s"
  loadgen() { java -Xmx96m -jar "$jar" loadgen --target "http://localhost:$port" --data-dir "$shop_data" \
    --mix checkout=1 --rate 500 "$@"; }
  loadgen --duration 5s >"$results/$name-warm-up.txt" 2>&1 || die "the load generator failed: $(tail -3 "$results/$name-warm-up.txt")"
  settle
  local before p0 after
  before=$(counters); p0=$(placed)
  loadgen --warmup 2s --duration "${seconds}s" --report "$results/$name" >"$results/$name.txt" 2>&1 \
    || die "the load generator failed: $(tail -3 "$results/$name.txt")"
  settle
  after=$(counters)
  local all=$(($(placed) - p0)) s=$results/$name/summary.json
  local p99 dropped
  p99=$(jq -r '.operations.checkout.p99' "$s"); dropped=$(jq -r '.dropped' "$s")
  echo "   $(jq -r '.count' "$s") checkouts measured, $dropped dropped, errors by status $(jq -c '.errorsByStatus' "$s")"
  local met=NOT\ MET
  awk -v p="$p99" 'BEGIN {exit !(p <= 50)}' && ((dropped == 0)) && met=met
  row "$label|$(jq -r '.throughput | round' "$s")|$(jq -r '.operations.checkout.p50 * 10 | round / 10' "$s")|$(jq -r '.operations.checkout.p99 * 10 | round / 10' "$s")|$(jq -r '.errors + .dropped' "$s")|$(per_order "$before" "$after" "$all")|p99 <= 50 ms, 0 dropped|$met"
}

yardsticks() {
  local source=$bench_root/../shared/yardsticks
  [[ -d $source ]] || { echo "== no yardsticks at $source: skipped"; return; }
  echo "== yardsticks"
  cp -r "$source" "$work/yardsticks"
  local build=(mvn -q -B -f "$work/yardsticks/pom.xml" compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
  "${build[@]}" -o >"$results/yardsticks-build.log" 2>&1 || "${build[@]}" >"$results/yardsticks-build.log" 2>&1 \
    || die "the yardsticks did not build: $(tail -3 "$results/yardsticks-build.log")"
  local cp=$work/yardsticks/target/classes:$(cat "$work/yardsticks/target/cp.txt")
  spawn "$results/hello.log" java -cp "$cp" limits.Hello $hello_port
  local hello=$last deadline=$((SECONDS + 30))
  until curl -sf "localhost:$hello_port/" >/dev/null; do
    kill -0 "$hello" 2>/dev/null && ((SECONDS < deadline)) || die "limits.Hello did not start: $(tail -3 "$results/hello.log")"
    sleep 0.1
  done
  wrk -t1 -c64 -d10s --latency "http://127.0.0.1:$hello_port/" >"$results/hello.wrk"
  kill "$hello"; wait "$hello" 2>/dev/null || true
  row "yardstick: JSON hello (wrk, 64 conn.)|$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$results/hello.wrk")|$(wrk_ms "$results/hello.wrk" 50%)|$(wrk_ms "$results/hello.wrk" 99%)|$(wrk_failed "$results/hello.wrk")|-|-|requests/s|-"
  java -cp "$cp" limits.Pg 8 64 >"$results/pg.txt" 2>&1 || die "limits.Pg failed: $(tail -3 "$results/pg.txt")"
  row "yardstick: limits.Pg point selects|$(awk -F': ' '/^point-select/ {print $2}' "$results/pg.txt")|-|-|-|-|-|per second|-"
  row "yardstick: limits.Pg durable writes|$(awk -F': ' '/^write-tx/ {print $2}' "$results/pg.txt")|-|-|-|-|-|write tx/s|-"
}

echo "results in $results"
if [[ $single == yes || $cluster == yes ]]; then
  start_single one --payment-latency=0ms
  setup_shop 100
  flash=${products%%,*}
  scenario flash "flash sale, 1 JVM" "$flash" 1000
  if [[ $single == yes ]]; then
    scenario spread "100 products, 1 JVM" "$products" 1000
  fi
fi
if [[ $latency == yes ]]; then
  [[ ${#nodes[@]} -gt 0 ]] || { start_single one --payment-latency=0ms; setup_shop 100; }
  open_model
fi
stop_shop
if [[ $single == yes ]]; then
  start_single processor # the default simulated processor: 50 ms per authorization
  setup_shop 1
  scenario processor "flash sale, 50 ms processor" "$products" 800
  stop_shop
fi
if [[ $cluster == yes ]]; then
  start_cluster cluster --payment-latency=0ms
  setup_shop 1
  scenario cluster-flash "flash sale, 4-node cluster" "$products" 0
  stop_shop
fi
[[ $yardsticks == yes ]] && yardsticks

echo
echo "== summary ($(date -u +%FT%TZ), $(nproc) cores; write tx/order: the rise of txid_current(), commits/order: of xact_commit)"
{
  echo "scenario|orders/s|p50 ms|p99 ms|failed|write tx/order|commits/order|goal|met"
  cat "$summary"
} | column -t -s'|' | tee "$results/summary.table"
