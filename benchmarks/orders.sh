#!/usr/bin/env bash
# Order placement through the HTTP API, for 30 s at a fixed concurrency, against the embedded PostgreSQL; and, in the
# same run, the durable write-transaction yardstick of this machine. Prints orders/s, p50/p99 latency, the write
# transactions one order costs, and the ceiling they set.
#
#   mvn -B -DskipTests package && benchmarks/orders.sh [CONCURRENCY] [SECONDS] [single|cluster]
#
# "cluster" runs the README's four nodes instead of one JVM, each its own process on this machine: bazaar db; catalog
# and order; payment, shipping and notifications; web as a lite member. It then also prints each node's resident memory and heap.
#
# Installs wrk and psql from Debian's packages if they are missing. The shop runs with its defaults but for the rate
# limit (off: the load comes from one client) and the simulated processor's latency (0 ms, so that what is measured is
# the shop, not a sleep). Each order is one line of one product, paid with a payment method, shipped within Germany.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

concurrency=${1:-16}
seconds=${2:-30}
topology=${3:-single}
[[ $topology == single || $topology == cluster ]] || { echo "topology is single or cluster, not $topology" >&2; exit 2; }
jar=launcher/target/bazaar.jar
[[ -f $jar ]] || { echo "build the jar first: mvn -B -DskipTests package" >&2; exit 2; }
for tool in wrk psql; do
  command -v $tool >/dev/null || { sudo -n true 2>/dev/null && SUDO=sudo || SUDO=; $SUDO apt-get install -y -qq \
    $([[ $tool == psql ]] && echo postgresql-client || echo wrk) >/dev/null; }
done

port=18095
work=$(mktemp -d)
trap 'kill ${nodes:-} 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
options=(--http-port=$port --rate-limit=0 --decline-limit=0 --payment-latency=0ms)
if [[ $topology == single ]]; then
  java -jar "$OLDPWD/$jar" "${options[@]}" >shop.log 2>&1 &
  nodes=$!
else
  pg_port=18096
  java -jar "$OLDPWD/$jar" db --port $pg_port >db.log 2>&1 &
  db=$!
  for _ in $(seq 1 300); do grep -q 'PostgreSQL is running' db.log && break; sleep 0.2; done
  cluster=(--cluster --cluster-name "bench-$$" --pg-uri "postgresql://postgres@localhost:$pg_port/postgres")
  java -jar "$OLDPWD/$jar" "${cluster[@]}" "${options[@]}" --services catalog,order >catalog-order.log 2>&1 &
  nodes="$!"
  java -jar "$OLDPWD/$jar" "${cluster[@]}" "${options[@]}" --services payment,shipping,notification >payment-shipping.log 2>&1 &
  nodes="$nodes $!"
  for _ in $(seq 1 300); do grep -q 'Bazaar is running' catalog-order.log payment-shipping.log 2>/dev/null \
    && [[ $(grep -l 'Bazaar is running' catalog-order.log payment-shipping.log | wc -l) == 2 ]] && break; sleep 0.2; done
  joined=$(date +%s%N)
  java -jar "$OLDPWD/$jar" "${cluster[@]}" "${options[@]}" --services web --cluster-lite >web.log 2>&1 &
  nodes="$nodes $!"
fi
for _ in $(seq 1 300); do curl -sf "localhost:$port/ready" >/dev/null && break; sleep 0.05; done
[[ $topology == cluster ]] && echo "a web node joining the running cluster was ready in $(( ($(date +%s%N) - joined) / 1000000 )) ms"

admin=$(java -jar "$OLDPWD/$jar" token --sub bench-admin --role admin)
customer=$(java -jar "$OLDPWD/$jar" token --sub bench-customer --role customer --ttl 1h)
product=$(curl -s -X POST "localhost:$port/api/v1/products" -H "Authorization: Bearer $admin" \
  -H 'Content-Type: application/json' \
  -d '{"sku": "BENCH-1", "name": "Benchmark", "category": "bench", "price": {"value": 1000, "currency": "EUR"}}' \
  | sed -E 's/.*"id":"([^"]+)".*/\1/')
curl -s -o /dev/null -X PUT "localhost:$port/api/v1/products/$product/stock" -H "Authorization: Bearer $admin" \
  -H 'Content-Type: application/json' -d '{"onHand": 1000000000}'
method=$(curl -s -X POST "localhost:$port/api/v1/payment-methods" -H "Authorization: Bearer $customer" \
  -H 'Content-Type: application/json' -d '{"number": "4242424242424242", "expMonth": 12, "expYear": 2030, "cvc": "123"}' \
  | sed -E 's/.*"id":"([^"]+)".*/\1/')
[[ $topology == single ]] && pg_port=$(sed -n 4p bazaar-data/pg/postmaster.pid) # line 4 of its pid file is its port
PGPASSWORD=$(cat bazaar-data/pg/postgres-password); export PGPASSWORD # the superuser's password, kept owner-only
# Transaction ids are given to writing transactions only, so their count is the count of write transactions.
writes() { psql -h localhost -p "$pg_port" -U postgres -d postgres -tAc "SELECT txid_current()"; }
# Rows written per table: where the writes go. PostgreSQL publishes a connection's table statistics once it has been
# idle for 10 s, so the second sample waits for that.
rows() { psql -h localhost -p "$pg_port" -U postgres -d postgres -tA -F' ' -c "SELECT schemaname || '.' || relname,
  n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables ORDER BY 1"; }

export BENCH_TOKEN=$customer
export BENCH_ORDER="{\"lines\": [{\"productId\": \"$product\", \"quantity\": 1}], \"payment\": {\"paymentMethod\": \"$method\"},
 \"shippingAddress\": {\"name\": \"Bench\", \"line1\": \"1 Main St\", \"city\": \"Berlin\", \"postalCode\": \"10115\", \"country\": \"DE\"}}"
BENCH_RUN=warm-up-$RANDOM wrk -t2 -c"$concurrency" -d5s -s "$OLDPWD/benchmarks/orders.lua" "http://127.0.0.1:$port" >/dev/null # warm-up
sleep 11; rows >rows-before.txt
before=$(writes)
BENCH_RUN=run-$RANDOM wrk -t2 -c"$concurrency" -d"${seconds}s" --latency -s "$OLDPWD/benchmarks/orders.lua" "http://127.0.0.1:$port" | tee wrk.txt
after=$(writes)
sleep 11; rows >rows-after.txt
confirmed=$(curl -s "localhost:$port/api/v1/admin/orders?status=CONFIRMED&size=1" -H "Authorization: Bearer $admin" \
  | sed -E 's/.*"total":([0-9]+).*/\1/')
memory() { # resident set and heap in use of each JVM, after the run
  for pid in $nodes; do
    printf '  %-70s RSS %4d MB, heap used %4d MB\n' "$(tr '\0' ' ' </proc/$pid/cmdline | grep -o -- '--services [a-z,]*' || echo 'all services')" \
      $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) \
      "$(jcmd "$pid" GC.heap_info 2>/dev/null | awk '/garbage-first heap|def new|PSYoungGen/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub("K,?", "", v); print int(v / 1024); exit}}')"
  done
}
echo; echo "memory per node:"; memory
kill $nodes; wait $nodes 2>/dev/null || true
[[ $topology == cluster ]] && { kill "$db"; wait "$db" 2>/dev/null || true; }

echo
echo "orders/s:            $(awk '/Requests\/sec/ {print $2}' wrk.txt)"
echo "latency p50, p99:    $(awk '/ 50%/ {print $2}' wrk.txt), $(awk '/ 99%/ {print $2}' wrk.txt)"
echo "answers not 201:     $(awk '/Non-2xx/ {print $5}' wrk.txt || true) (confirmed orders in all: $confirmed)"
echo "writes/order:        $(awk -v d=$((after - before - 1)) -v n="$(awk '/requests in/ {print $1}' wrk.txt)" \
  'BEGIN {printf "%.1f (%d write transactions for %d orders, the relays and the carrier included)", d / n, d, n}')"
echo "rows written per order, by table:"
join rows-before.txt rows-after.txt | awk -v n="$(awk '/requests in/ {print $1}' wrk.txt)" \
  '$3 > $2 {printf "  %-36s %5.1f\n", $1, ($3 - $2) / n}' | sort -k2 -rn

# The machine's ceiling, from the project's yardsticks when they are beside the repository.
yardsticks="$OLDPWD/../shared/yardsticks"
if [[ -d $yardsticks ]]; then
  cp -r "$yardsticks" "$work/yardsticks"
  echo
  echo "yardstick, point selects/s and durable write transactions/s (8 s each, 64 in flight):"
  mvn -q -B -f "$work/yardsticks/pom.xml" compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
  java -cp "$work/yardsticks/target/classes:$(cat "$work/yardsticks/target/cp.txt")" limits.Pg 8 64
fi
