#!/usr/bin/env bash
# The single-node fan-out benchmark (issue 13 section 4): one publisher inside the server, N subscribers that only
# read, 32 B and 1 KiB binary messages at a fixed rate; ours (vertx-bridge WsTopics) side by side with the usual
# Vert.x idioms (HttpServer WebSockets: each connection an event-bus consumer, or a list written in a loop).
# Metric: delivered messages per server CPU-second; heap per subscriber. Results in benchmarks/results/<time>-fanout/.
#
#   benchmarks/fanout.sh                       # 1,000 and 10,000 subscribers, 2 rounds, about 15 minutes on a busy 2-core box
#   SUBS="1000" ROUNDS=1 benchmarks/fanout.sh  # a quick look
#   SUBS=10000 SIZES=1024 IMPLS="ours vertx-list" ROUNDS=3 benchmarks/fanout.sh   # one case, interleaved rounds
#   SUBS=10000 SIZES=1024 DELIVERIES_1K=300000 IMPLS="ours vertx-list" benchmarks/fanout.sh   # above capacity
#   TRANSPORT=io_uring benchmarks/fanout.sh   # the servers on Vert.x's native io_uring (or epoll) transport, not NIO
#   DEFLATE=1 SIZES=1024 benchmarks/fanout.sh  # subscribers offer permessage-deflate as browsers do; JSON messages
#   IMPLS="ours vertx-list floor" benchmarks/fanout.sh  # with the floor: one NIO write per delivery and nothing
#                                              # else (FloorServer), the most any server writing each delivery could do
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-2}
SUBS=${SUBS:-"1000 10000"}
IMPLS=${IMPLS:-"ours vertx-eb vertx-list"}
# Message sizes (comma-separated); 32 B at DELIVERIES_32, any other size at DELIVERIES_1K.
SIZES=${SIZES:-"32,1024"}
# Deliveries per second: RATE_DELIVERIES / subscribers publications per second, the same for every server.
DELIVERIES_32=${DELIVERIES_32:-200000}
DELIVERIES_1K=${DELIVERIES_1K:-100000}
WARMUP=${WARMUP:-2}
DURATION=${DURATION:-4}
OUT=${OUT:-benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)-fanout}
JAR=benchmarks/target/benchmarks.jar
SERVER_CORE=${SERVER_CORE:-1}
GEN_CORE=${GEN_CORE:-0}
SERVER_JVM=${SERVER_JVM:-"-Xms1g -Xmx1g -XX:+UseSerialGC"}
# The servers' Vert.x transport: nio (the default), epoll or io_uring (Linux x86_64). The generator stays on NIO.
TRANSPORT=${TRANSPORT:-nio}
# DEFLATE=1: every subscriber offers "permessage-deflate; client_max_window_bits" (as browsers do), every server
# accepts it (ours with server_no_context_takeover, so it compresses a publication once; Vert.x per connection).
DEFLATE=${DEFLATE:-0}
DEFLATE_PROPERTY=false
EXTENSIONS=()
if [ "$DEFLATE" = 1 ]; then
  DEFLATE_PROPERTY=true
  EXTENSIONS=(--extensions "permessage-deflate; client_max_window_bits")
fi
GEN_JVM=${GEN_JVM:-"-Xms512m -Xmx512m -XX:+UseSerialGC"}
# Server ports BASE_PORT+1, +2, ... and their control ports 500 above.
PORT=${BASE_PORT:-9300}
mkdir -p "$OUT"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -q -B -ntp -pl benchmarks -am package -DskipTests
fi
ulimit -n "$(ulimit -Hn)" || true
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) x $(nproc)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "server jvm: $SERVER_JVM (core $SERVER_CORE, transport $TRANSPORT)   generator jvm: $GEN_JVM (core $GEN_CORE)"
  echo "permessage-deflate: $([ "$DEFLATE" = 1 ] && echo "offered by every subscriber, JSON messages" || echo off)"
  echo "sizes: $SIZES; deliveries per second: 32 B $DELIVERIES_32, others $DELIVERIES_1K; warmup $WARMUP s, measured $DURATION s"
} > "$OUT/machine.txt"

SERVER_PID=
trap 'if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi' EXIT
: > "$OUT/fanout.txt"
for round in $(seq 1 "$ROUNDS"); do
  for subs in $SUBS; do
    for impl in $IMPLS; do
      PORT=$((PORT + 1))
      CONTROL=$((PORT + 500))
      log="$OUT/server-$impl-$subs-$round.log"
      echo "== round $round: $impl, $subs subscribers" >&2
      # shellcheck disable=SC2086
      taskset -c "$SERVER_CORE" java $SERVER_JVM -Dfanout.transport="$TRANSPORT" -Dfanout.deflate="$DEFLATE_PROPERTY" -cp "$JAR" dev.wscodec.bench.load.FanoutServer \
        "$impl" "$PORT" "$CONTROL" > "$log" 2>&1 &
      SERVER_PID=$!
      for _ in $(seq 1 150); do grep -q '^READY' "$log" && break; sleep 0.2; done
      grep -q '^READY' "$log" || { echo "The $impl server did not start:" >&2; cat "$log" >&2; exit 1; }
      rates=
      for size in ${SIZES//,/ }; do
        d=$DELIVERIES_1K
        if [ "$size" = 32 ]; then d=$DELIVERIES_32; fi
        rates="$rates${rates:+,}$(awk "BEGIN { print $d / $subs }")"
      done
      # shellcheck disable=SC2086
      taskset -c "$GEN_CORE" java $GEN_JVM -cp "$JAR" dev.wscodec.bench.load.FanoutGen \
        --port "$PORT" --control "$CONTROL" --label "$impl:$subs:$round" --subs "$subs" \
        --sizes "$SIZES" --rates "$rates" --warmup "$WARMUP" --duration "$DURATION" "${EXTENSIONS[@]}" | tee -a "$OUT/fanout.txt"
      echo "$impl $subs $round: load average $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/load.txt"
      kill "$SERVER_PID" 2>/dev/null || true
      wait "$SERVER_PID" 2>/dev/null || true
      SERVER_PID=
      sleep 1
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
python3 benchmarks/fanout_report.py "$OUT/fanout.txt" | tee "$OUT/summary.md"
