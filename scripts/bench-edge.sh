#!/usr/bin/env bash
# Throughput of the web edge, for one bazaar jar or several compared in one run (absolute figures on a shared
# 2-core machine drift; a ratio measured in the same run does not). Installs wrk from Debian's packages if missing.
#
#   scripts/bench-edge.sh [ROUNDS] JAR [JAR ...]
#   e.g. scripts/bench-edge.sh 3 launcher/target/bazaar.jar /tmp/baseline/bazaar.jar
#
# Each round starts each jar on a fresh data directory, with the rate limiter on but at a rate no client reaches (so
# every request still spends from its bucket) and the read cache at its 1 s default, then runs wrk -t1 -c64 -d8s on:
#   list    GET /api/v1/products?category=coffee&size=5   a cached catalog read: the read cache and the rate limiter
#   health  GET /health                                   the edge alone: routing, gates, the rate limiter
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rounds=3
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then rounds=$1; shift; fi
(( $# >= 1 )) || { echo "usage: $0 [ROUNDS] JAR [JAR ...]" >&2; exit 2; }
command -v wrk >/dev/null || { sudo -n true 2>/dev/null && SUDO=sudo || SUDO=; $SUDO apt-get install -y -qq wrk >/dev/null; }

port=18090
work=$(mktemp -d)
trap 'kill "${shop:-}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

measure() { # jar label
  local data="$work/data-$RANDOM"
  java -jar "$1" --http-port=$port --data-dir="$data" --rate-limit=1000000 --rate-burst=1000000 >"$work/shop.log" 2>&1 &
  shop=$!
  for _ in $(seq 1 300); do curl -sf "localhost:$port/ready" >/dev/null && break; sleep 0.2; done
  for path in "/api/v1/products?category=coffee&size=5" "/health"; do
    wrk -t1 -c64 -d2s "http://127.0.0.1:$port$path" >/dev/null # warm-up: JIT, pools, the cache
    local rps
    rps=$(wrk -t1 -c64 -d8s "http://127.0.0.1:$port$path" | awk '/Requests\/sec/ {print $2}')
    printf '%-40s %-45s %10s req/s\n' "$2" "$path" "$rps"
  done
  kill "$shop"; wait "$shop" 2>/dev/null || true
}

for round in $(seq 1 "$rounds"); do
  echo "round $round"
  for jar in "$@"; do measure "$jar" "$jar"; done
done
