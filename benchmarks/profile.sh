#!/usr/bin/env bash
# Where the flash sale's time goes: the scenario of benchmarks/run.sh (one JVM, 64 connections, every order the same
# product, a saved payment method, --payment-latency 0ms), recording while the load runs
#   - pg_stat_statements: the top statements by total time, and their calls per order;
#   - pg_stat_activity, sampled every 120 ms: what the busy backends wait on, by wait_event_type:wait_event and by query;
#   - a JFR recording of the shop's JVM (settings=profile) and its hottest methods;
#   - the CPU the JVM, its PostgreSQL and the rest of the machine used.
#
#   mvn -B -DskipTests package && benchmarks/profile.sh
#
# pg_stat_statements must be preloaded, which the shop's embedded PostgreSQL cannot be told on its command line: so
# the shop starts once, ALTER SYSTEM writes the setting into postgresql.auto.conf, and the shop restarts on the same
# data directory, whose server reads it. The sampling's own queries are read-only commits: the commits per order here
# are a little higher than run.sh's. Raw files stay in the results directory it names (BENCH_RESULTS).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
(($# == 0)) || { echo "profile.sh takes no options (BENCH_SECONDS and BENCH_RESULTS are read), not '$*'" >&2; exit 2; }
source "$here/lib.sh"
seconds=${BENCH_SECONDS:-20}
results=${BENCH_RESULTS:-$here/results/profile-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$results"
bench_init
need_tools jcmd jfr
echo "results in $results"

start_single profile --payment-latency=0ms
sql -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" >/dev/null
stop_shop
start_single profile --payment-latency=0ms
[[ $(sql -c "SHOW shared_preload_libraries") == *pg_stat_statements* ]] \
  || die "the embedded PostgreSQL did not preload pg_stat_statements after ALTER SYSTEM and a restart"
sql -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
setup_shop 1
jvm=${nodes[0]}

echo "== flash sale, 1 JVM: warm-up, then ${seconds} s under observation"
wrk_orders warm-up 5 "$products"
settle
before=$(counters); c0=$(confirmed); p0=$(placed)
sql -c "SELECT pg_stat_statements_reset()" >/dev/null

# One psql session for all samples, so that sampling costs a query, not a process, every 120 ms. "S" marks a sample.
sample_waits() {
  while [[ -e $work/sampling ]]; do
    echo "SELECT 'S'; SELECT state, coalesce(wait_event_type, 'CPU'), coalesce(wait_event, 'running'),
      regexp_replace(left(query, 90), '\s+', ' ', 'g') FROM pg_stat_activity
      WHERE backend_type = 'client backend' AND state <> 'idle' AND pid <> pg_backend_pid();"
    sleep 0.12
  done | sql
}
touch "$work/sampling"
spawn "$results/waits.txt" sample_waits
sampler=$last
jcmd "$jvm" JFR.start name=bench settings=profile filename="$results/shop.jfr" >"$results/jfr-start.txt" \
  || die "JFR did not start: $(cat "$results/jfr-start.txt")"
read -r jvm0 pg0 <<<"$(cpu_ticks)"
machine() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
all0=$(machine); t0=$(date +%s%N)
wrk_orders flash "$seconds" "$products"
read -r jvm1 pg1 <<<"$(cpu_ticks)"
all1=$(machine); t1=$(date +%s%N)
rm "$work/sampling"
wait "$sampler" || true
jcmd "$jvm" JFR.stop name=bench >"$results/jfr-stop.txt" || die "JFR did not stop: $(cat "$results/jfr-stop.txt")"
settle
after=$(counters)
orders=$(($(confirmed) - c0)) all=$(($(placed) - p0))
sql --csv -c "SELECT * FROM pg_stat_statements ORDER BY total_exec_time DESC" >"$results/pg_stat_statements.csv"

echo
answered=$(($(awk '/requests in/ {print $1}' "$results/flash.wrk") - $(wrk_failed "$results/flash.wrk")))
echo "== the load: $answered orders answered 2xx in ${seconds} s, $((answered / seconds)) orders/s ($all placed, $orders confirmed);" \
  "p50 $(wrk_ms "$results/flash.wrk" 50%) ms, p99 $(wrk_ms "$results/flash.wrk" 99%) ms;" \
  "failed $(wrk_failed "$results/flash.wrk"); per order (write tx|commits): $(per_order "$before" "$after" "$all")"

echo
echo "== CPU over the load, % of one core (the machine has $(nproc)):"
hz=$(getconf CLK_TCK)
awk -v j=$((jvm1 - jvm0)) -v p=$((pg1 - pg0)) -v a=$((all1 - all0)) -v hz="$hz" -v s="$(((t1 - t0) / 1000000))" -v n="$all" -v cores="$(nproc)" 'BEGIN {
  s /= 1000; f = 100 / hz / s
  printf "  shop JVM %5.0f%%   PostgreSQL %5.0f%%   the rest (wrk, others) %5.0f%%   machine %5.0f%% of %d%%\n",
    j * f, p * f, (a - j - p) * f, a * f, 100 * cores
  if (n > 0) printf "  CPU per order: JVM %.2f ms, PostgreSQL %.2f ms\n", j * 1000 / hz / n, p * 1000 / hz / n }'

echo
echo "== pg_stat_statements, top 15 by total time: total, calls, calls per order ($all orders), mean, statement"
sql -c "SELECT lpad(round(total_exec_time)::text, 8) || ' ms', lpad(calls::text, 8), lpad(round(calls::numeric / greatest($all, 1), 2)::text, 6) || '/order',
  lpad(round(mean_exec_time::numeric, 3)::text, 8) || ' ms', regexp_replace(left(query, 100), '\s+', ' ', 'g')
  FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND query NOT LIKE '%pg_stat_activity%' -- the sampler's own
  ORDER BY total_exec_time DESC LIMIT 15" | column -t -s'|'
sql -c "SELECT 'all statements: ' || sum(calls) || ' calls, ' || round(sum(calls)::numeric / greatest($all, 1), 1) || ' per order, '
  || round(sum(total_exec_time)) || ' ms in all' FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_activity%'"

samples=$(grep -c '^S$' "$results/waits.txt" || true)
echo
echo "== pg_stat_activity: $samples samples; busy backends per sample, by state and wait:"
awk -F'|' -v n="$samples" 'NF >= 4 {c[$1 " " $2 ":" $3]++} END {for (k in c) printf "%8.2f  %s\n", c[k] / n, k}' \
  "$results/waits.txt" | sort -rn | top 12
echo "   by query (with its commonest wait):"
awk -F'|' -v n="$samples" 'NF >= 4 {q[$4]++; w[$4 "|" $2 ":" $3]++}
  END {for (k in w) {split(k, a, "|"); if (w[k] > top[a[1]]) {top[a[1]] = w[k]; name[a[1]] = a[2]}}
       for (k in q) printf "%8.2f  %-24s %s\n", q[k] / n, name[k], k}' "$results/waits.txt" | sort -rn | top 12

echo
echo "== JFR: the shop's hottest methods (top frames of jdk.ExecutionSample):"
viewer=""
for candidate in jfr /usr/lib/jvm/*/bin/jfr; do
  "$candidate" view --width 160 hot-methods "$results/shop.jfr" >"$results/hot-methods.txt" 2>/dev/null \
    && { viewer=$candidate; break; }
done
jfr print --events jdk.ExecutionSample "$results/shop.jfr" >"$results/execution-samples.txt"
if [[ -n $viewer ]]; then
  sed -n '1,20p' "$results/hot-methods.txt"
else
  awk '/stackTrace = \[/ {getline; sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); c[$0]++; n++}
    END {for (k in c) printf "%6.2f%%  %s\n", 100 * c[k] / n, k}' "$results/execution-samples.txt" | sort -rn | top 15
fi
echo "   top frames by package:"
awk '/stackTrace = \[/ {getline; sub(/^[ \t]+/, ""); n++; k = split($0, a, "."); p = a[1]; for (i = 2; i <= 3 && i < k - 1; i++) p = p "." a[i];
    c[p]++} END {for (k in c) printf "%6.2f%%  %s\n", 100 * c[k] / n, k}' "$results/execution-samples.txt" | sort -rn | top 10
echo "   samples by thread:"
awk '/sampledThread = / {sub(/.*sampledThread = "/, ""); sub(/".*/, ""); gsub(/[0-9]+$/, "N"); c[$0]++; n++}
  END {for (k in c) printf "%6.2f%%  %s\n", 100 * c[k] / n, k}' "$results/execution-samples.txt" | sort -rn | top 8
stop_shop
echo
echo "raw files: $results (shop.jfr: jfr view hot-methods / jfr summary; pg_stat_statements.csv; waits.txt; flash.wrk)"
