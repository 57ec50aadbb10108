#!/usr/bin/env bash
# The README's performance table, reproduced with the project's own load generator on the embedded database:
#   - catalog reads/s: product pages, 64 users of the closed model, 20 s;
#   - checkout: the highest rate, in steps of 10 s, at which p99 stays under 50 ms, with its orders/s and p99;
# each in one JVM and in a cluster (bazaar db; catalog and order; payment, shipping and notifications; web as a lite
# member), and beside the machine's yardsticks (the JSON hello world and the database's durable write transactions),
# measured in the same run when ../shared/yardsticks is there.
#
#   mvn -B -DskipTests package && benchmarks/run.sh [single|cluster|both]
#
# Installs wrk from Debian's packages if it is missing (for the hello-world yardstick only).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
topologies=${1:-both}
[[ $topologies == single || $topologies == cluster || $topologies == both ]] \
  || { echo "the topology is single, cluster or both, not $topologies" >&2; exit 2; }
jar=$PWD/launcher/target/bazaar.jar
[[ -f $jar ]] || { echo "build the jar first: mvn -B -DskipTests package" >&2; exit 2; }
port=18097
work=$(mktemp -d)
nodes=""
trap 'kill $nodes 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
results=$work/results.txt
options=(--http-port=$port --rate-limit=0 --decline-limit=0 --payment-latency=0ms --data-dir="$work/data")

start_shop() {
  if [[ $1 == single ]]; then
    java -jar "$jar" "${options[@]}" >"$work/shop.log" 2>&1 &
    nodes="$!"
  else
    java -jar "$jar" db --port 18098 --data-dir "$work/db" >"$work/db.log" 2>&1 &
    nodes="$!"
    for _ in $(seq 1 300); do grep -q 'PostgreSQL is running' "$work/db.log" && break; sleep 0.2; done
    local cluster=(--cluster --cluster-name "bench-$$" --pg-uri postgresql://postgres@localhost:18098/postgres)
    java -jar "$jar" "${cluster[@]}" "${options[@]}" --services catalog,order >"$work/n1.log" 2>&1 &
    nodes="$nodes $!"
    java -jar "$jar" "${cluster[@]}" "${options[@]}" --services payment,shipping,notification >"$work/n2.log" 2>&1 &
    nodes="$nodes $!"
    java -jar "$jar" "${cluster[@]}" "${options[@]}" --services web --cluster-lite >"$work/n3.log" 2>&1 &
    nodes="$nodes $!"
  fi
  for _ in $(seq 1 600); do curl -sf "localhost:$port/ready" >/dev/null && break; sleep 0.1; done
}

stop_shop() {
  kill $nodes 2>/dev/null || true
  wait $nodes 2>/dev/null || true
  nodes=""
  rm -rf "$work/data/pg" "$work/db"
}

loadgen() {
  java -Xmx64m -jar "$jar" loadgen --target "http://localhost:$port" --data-dir "$work/data" "$@"
}

measure() {
  local topology=$1
  start_shop "$topology"
  loadgen --mix product=1 --rate 200 --duration 5s >/dev/null # warm up
  loadgen --mix product=1 --users 64 --duration 20s --report "$work/$topology-reads" >"$work/$topology-reads.txt"
  local reads
  reads=$(jq -r '.throughput' "$work/$topology-reads/summary.json")
  echo "$topology: catalog reads/s $reads, p99 $(jq -r '.latency.p99' "$work/$topology-reads/summary.json") ms" | tee -a "$results"
  local best="" rate
  loadgen --mix checkout=1 --rate 20 --duration 15s >/dev/null # warm up the checkout's path
  for rate in 10 20 30 40 50 60 80 100 125 150 200 250 300; do
    loadgen --mix checkout=1 --rate $rate --duration 10s --report "$work/$topology-checkout-$rate" >/dev/null
    local p99 errors
    p99=$(jq -r '.operations.checkout.p99' "$work/$topology-checkout-$rate/summary.json")
    errors=$(jq -r '.errors + .dropped' "$work/$topology-checkout-$rate/summary.json")
    echo "  checkout at $rate/s: p99 $p99 ms, errors and dropped $errors"
    if (( errors > 0 )) || awk -v p="$p99" 'BEGIN {exit !(p >= 50)}'; then break; fi
    best=$rate
  done
  if [[ -n $best ]]; then
    local summary=$work/$topology-checkout-$best/summary.json
    echo "$topology: checkout $(jq -r '.throughput' "$summary") orders/s at a planned $best/s, p99 $(jq -r '.operations.checkout.p99' "$summary") ms" | tee -a "$results"
  else
    echo "$topology: checkout p99 was 50 ms or more even at 10 orders/s" | tee -a "$results"
  fi
  stop_shop
}

command -v jq >/dev/null || { sudo -n true 2>/dev/null && SUDO=sudo || SUDO=; $SUDO apt-get install -y -qq jq >/dev/null; }
[[ $topologies == cluster ]] || measure single
[[ $topologies == single ]] || measure cluster

yardsticks="$PWD/../shared/yardsticks"
if [[ -d $yardsticks ]]; then
  command -v wrk >/dev/null || { sudo -n true 2>/dev/null && SUDO=sudo || SUDO=; $SUDO apt-get install -y -qq wrk >/dev/null; }
  cp -r "$yardsticks" "$work/yardsticks"
  mvn -q -B -f "$work/yardsticks/pom.xml" compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
  cp_=$work/yardsticks/target/classes:$(cat "$work/yardsticks/target/cp.txt")
  java -cp "$cp_" limits.Hello 18099 >/dev/null 2>&1 &
  hello=$!
  for _ in $(seq 1 100); do curl -sf localhost:18099/ >/dev/null && break; sleep 0.1; done
  echo "yardstick: JSON hello world $(wrk -t1 -c64 -d10s http://127.0.0.1:18099/ | awk '/Requests\/sec/ {print $2}') requests/s (wrk, 64 connections)" | tee -a "$results"
  kill $hello
  java -cp "$cp_" limits.Pg 8 64 | sed 's/^/yardstick: /' | tee -a "$results"
fi
echo
echo "== summary"
cat "$results"
