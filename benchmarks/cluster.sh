#!/usr/bin/env bash
# The scale-out benchmark of docs/SCALE-OUT.md (about 2 minutes): three `chat --cluster` nodes (separate JVMs) on
# this machine joined into one Hazelcast cluster, then one plain `chat` node, each under the same load from
# ClusterBench: one publisher on the first node at RATE messages/s, SUBS subscribers on every node (3 x SUBS on the
# single node, so that both runs deliver as many messages to the same load generator). Reports per run
# the messages delivered per second on each node, the p50/p99/max latency from the publish on the first node to the
# delivery on the last node's subscribers, and the CPU each node used (cores, from /proc).
#
# usage: benchmarks/cluster.sh     (env: RATE=200 SUBS=50 WARMUP=5 DURATION=15 BASE_PORT=28500 SKIP_BUILD=1 OUT=dir)
set -euo pipefail
cd "$(dirname "$0")/.."

RATE=${RATE:-200}
SUBS=${SUBS:-50}
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-15}
BASE_PORT=${BASE_PORT:-28500}
OUT=${OUT:-benchmarks/results/cluster-$(date -u +%Y%m%dT%H%M%SZ)}
EXAMPLES=examples/target/wscodec-examples.jar
BENCH=benchmarks/target/benchmarks.jar
# The nodes get the flags examples/README.md recommends for one or two cores ("JVM flags"), as run.sh does.
NODE_JVM=${NODE_JVM:-"-Xms256m -Xmx256m -XX:+UseSerialGC"}
GEN_JVM=${GEN_JVM:-"-Xms512m -Xmx512m"}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -q -B -pl examples,benchmarks -am package -DskipTests
fi
mkdir -p "$OUT"

PIDS=()
stop_nodes() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
trap stop_nodes EXIT

await_line() {   # file regex seconds
  for _ in $(seq 1 "$3"); do
    grep -qE "$2" "$1" && return 0
    sleep 1
  done
  echo "No line matching /$2/ in $1 within $3 s:" >&2; cat "$1" >&2; exit 1
}

run_bench() {   # label urls pids subscribers-per-node
  java $GEN_JVM -cp "$BENCH" dev.wscodec.bench.load.ClusterBench --label "$1" --urls "$2" --pids "$3" \
    --subscribers "$4" --rate "$RATE" --warmup "$WARMUP" --seconds "$DURATION" | tee -a "$OUT/results.txt"
}

# ---- three nodes, one cluster ----
members=""
for i in 0 1 2; do members+="${members:+,}127.0.0.1:$((BASE_PORT + 10 + i))"; done
urls=""
for i in 0 1 2; do
  java $NODE_JVM -jar "$EXAMPLES" chat --host 127.0.0.1 --port $((BASE_PORT + i)) --cluster --cluster-host 127.0.0.1 \
    --cluster-port $((BASE_PORT + 10 + i)) --members "$members" --node-name "node-$i" --join-timeout 170 >"$OUT/node$i.log" 2>&1 &
  PIDS+=($!)
  urls+="${urls:+,}ws://127.0.0.1:$((BASE_PORT + i))/chat"
done
for i in 0 1 2; do await_line "$OUT/node$i.log" '[; ]3 members' 180; await_line "$OUT/node$i.log" 'Chat room on' 180; done
run_bench three-nodes "$urls" "$(IFS=,; echo "${PIDS[*]}")" "$SUBS"
stop_nodes

# ---- one node, the same load: the same rate and as many subscribers in all (so the load generator does the same) ----
java $NODE_JVM -jar "$EXAMPLES" chat --host 127.0.0.1 --port $((BASE_PORT + 5)) >"$OUT/single.log" 2>&1 &
PIDS+=($!)
await_line "$OUT/single.log" 'Chat room on' 60
run_bench single-node "ws://127.0.0.1:$((BASE_PORT + 5))/chat" "${PIDS[0]}" $((3 * SUBS))
stop_nodes
echo "Results in $OUT/results.txt"
