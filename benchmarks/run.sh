#!/usr/bin/env bash
# Runs every benchmark of docs/BENCHMARKS.md in one go (about 25-30 minutes on a 2-core box):
#   1. end to end: the vertx-bridge echo server ("ours") and its peers (PEERS: Vert.x's own HttpServer WebSocket
#      echo, raw Netty, uWebSockets.js and Node ws through Node), interleaved: each round runs every server once,
#      in the same order, for ROUNDS rounds; servers pinned to core 1, the load generator to core 0;
#      plus idle connections with permessage-deflate (fresh servers, DEFLATE_CONNS of them; JVM servers only);
#   2. the p99 latency at a fixed rate (0.1 x the lower of both servers' closed-loop throughput: with one message
#      in flight per connection every message costs a wake-up, a read and a write, so 0.4 already saturates both);
#   3. the JMH codec benchmarks (ours vs Netty) with -prof gc, pinned to core 1.
# Then writes RESULT_DIR/summary.md (ratio tables, via report.py).
#
# usage: benchmarks/run.sh            (env: ROUNDS=2 SKIP_BUILD=1 SKIP_LOAD=1 SKIP_JMH=1 JMH_FILTER=regex OUT=dir
#                                     PEERS="vertx netty uws nodews";
#                                     SMOKE=1 runs everything tiny, to check the script in a minute or two)
# The Node peers (uws, nodews) need node and npm: the packages pinned in benchmarks/node/package.json are
# installed here (npm ci), never by the build.
set -euo pipefail
cd "$(dirname "$0")/.."

IDLE_CONNS=${IDLE_CONNS:-10000}
DEFLATE_CONNS=${DEFLATE_CONNS:-1000}
WARMUP=${WARMUP:-4}
DURATION=${DURATION:-6}
RATE_DURATION=${RATE_DURATION:-10}   # the fixed-rate runs measure longer: their p99.9 rests on few messages
if [ "${SMOKE:-0}" = 1 ]; then
  ROUNDS=${ROUNDS:-1} IDLE_CONNS=500 DEFLATE_CONNS=100 WARMUP=1 DURATION=1 RATE_DURATION=1
  JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 1 -w 100ms -i 2 -r 100ms -prof gc"}
  JMH_FILTER=${JMH_FILTER:-'Deflate|Unmask'}
fi

ROUNDS=${ROUNDS:-2}
PEERS=${PEERS:-"vertx netty uws nodews"}
SERVERS="ours $PEERS"
OUT=${OUT:-benchmarks/results/$(date -u +%Y%m%dT%H%M%SZ)}
JAR=benchmarks/target/benchmarks.jar
SERVER_CORE=${SERVER_CORE:-1}
GEN_CORE=${GEN_CORE:-0}
# The JVM servers run with the flags examples/README.md recommends for a server on one or two cores ("JVM flags"):
# what a user who follows it gets. Keep the two in step.
SERVER_JVM=${SERVER_JVM:-"-Xms1g -Xmx1g -XX:+UseSerialGC"}
GEN_JVM=${GEN_JVM:-"-Xms512m -Xmx512m -XX:+UseSerialGC"}
JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 4 -w 1s -i 4 -r 500ms -prof gc"}
JMH_FILTER=${JMH_FILTER:-'Benchmark'}   # a regex over the benchmark class names
mkdir -p "$OUT"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # package, not install: the reactor resolves the sibling modules, and ~/.m2 stays as it was
  mvn -q -B -ntp -pl benchmarks -am package -DskipTests
fi
is_node() { [ "$1" = uws ] || [ "$1" = nodews ]; }
for impl in $SERVERS; do
  if is_node "$impl" && [ ! -d benchmarks/node/node_modules ]; then
    (cd benchmarks/node && npm ci --no-audit --no-fund --loglevel=error)
    break
  fi
done

# 10,000 connections per process (+ a few): raise the descriptor limit as far as the hard limit allows.
# The idle scale test goes to 50,000 and 100,000 connections where the limit allows, else to what it allows
# (a server needs one descriptor per connection plus about a hundred of its own; raising the hard limit needs
# CAP_SYS_RESOURCE: try `prlimit --pid $$ --nofile=110000:110000` as root first).
ulimit -n "$(ulimit -Hn)" || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 10100 ]; then
  echo "ulimit -n is $(ulimit -n); the idle test needs 10100 descriptors per process." >&2
  exit 1
fi
if [ -z "${IDLE_SCALE:-}" ]; then
  if [ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge 100500 ]; then
    IDLE_SCALE="50000 100000"
  else
    IDLE_SCALE=$(( ($(ulimit -n) - 1500) / 1000 * 1000 ))   # 18000 under a limit of 20,000
  fi
  if [ "${SMOKE:-0}" = 1 ]; then IDLE_SCALE=1000; fi
fi

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) x $(nproc)"
  echo "memory: $(free -m | awk '/Mem:/ {print $2 " MiB"}')"
  echo "kernel: $(uname -r)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "server jvm: $SERVER_JVM   generator jvm: $GEN_JVM   jmh: $JMH_OPTS"
  echo "servers: $SERVERS   rounds: $ROUNDS   node: $(node --version 2>/dev/null || echo none)"
  echo "open files: soft $(ulimit -n) hard $(ulimit -Hn)   idle scale: 10000 (every round) $IDLE_SCALE"
} > "$OUT/machine.txt"
# the load average every 10 s while the run lasts (other work on the box shows here)
( while :; do echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg)"; sleep 10; done ) > "$OUT/loadavg.txt" &
LOADAVG_PID=$!

SERVER_PID=
PORT=${BASE_PORT:-9200}   # servers on BASE_PORT+1, +2, ...; their control ports 500 above
start_server() { # impl log
  PORT=$((PORT + 1))
  CONTROL=$((PORT + 500))
  case "$1" in
    uws) taskset -c "$SERVER_CORE" node --expose-gc benchmarks/node/uws-echo.js "$PORT" "$CONTROL" > "$2" 2>&1 & ;;
    nodews) taskset -c "$SERVER_CORE" node --expose-gc benchmarks/node/ws-echo.js "$PORT" "$CONTROL" > "$2" 2>&1 & ;;
    *) # every JVM server logs its GC pauses (nanoTime stamps) beside its output; the rate runs add safepoints
       # shellcheck disable=SC2086
       taskset -c "$SERVER_CORE" java $SERVER_JVM ${SERVER_EXTRA_JVM:-"-Xlog:gc:file=${2%.log}-gc.txt:tn,um"} \
         -cp "$JAR" dev.wscodec.bench.load.BenchServer \
         "$1" "$PORT" "$CONTROL" > "$2" 2>&1 & ;;
  esac
  SERVER_PID=$!
  for _ in $(seq 1 150); do
    grep -q '^READY' "$2" && return 0
    sleep 0.2
  done
  echo "The $1 server did not start:" >&2
  cat "$2" >&2
  exit 1
}
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
trap 'if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi; kill "$LOADAVG_PID" 2>/dev/null || true' EXIT

gen() { # label scenario args...
  local label=$1; shift
  # shellcheck disable=SC2086
  taskset -c "$GEN_CORE" java $GEN_JVM ${GEN_EXTRA_JVM:-} -cp "$JAR" dev.wscodec.bench.load.LoadGen \
    --port "$PORT" --control "$CONTROL" --label "$label" "$@" | tee -a "$OUT/load.txt"
}

if [ "${SKIP_LOAD:-0}" != 1 ]; then
  : > "$OUT/load.txt"
  for round in $(seq 1 "$ROUNDS"); do
    for impl in $SERVERS; do
      echo "== round $round: $impl" >&2
      start_server "$impl" "$OUT/server-$impl-$round.log"
      gen "idle:$impl:$round" --scenario idle --conns "$IDLE_CONNS" --size 32 --source "127.0.0.$((round + 1))"
      sleep 5
      gen "small:$impl:$round" --conns 100 --inflight 16 --size 32 --warmup "$WARMUP" --duration "$DURATION"
      gen "medium:$impl:$round" --conns 10 --inflight 4 --size 16384 --warmup "$WARMUP" --duration "$DURATION"
      gen "big:$impl:$round" --conns 1 --inflight 1 --size 16777216 --warmup "$WARMUP" --duration "$DURATION"
      stop_server
      if is_node "$impl"; then continue; fi   # compression is off in the Node peers
      # idle connections that negotiated permessage-deflate (context takeover) and exchanged one message
      start_server "$impl" "$OUT/server-deflate-$impl-$round.log"
      gen "idledeflate:$impl:$round" --scenario idle --conns "$DEFLATE_CONNS" --size 1024 --deflate true
      stop_server
    done
  done
  # fixed rate: RATE_FRACTION (default 0.1) of the lowest of the servers' median closed-loop throughputs
  RATE=$(python3 - "$OUT/load.txt" "${RATE_FRACTION:-0.1}" $SERVERS <<'PY'
import statistics, sys
rows = [dict(kv.split("=", 1) for kv in l.split()[1:]) for l in open(sys.argv[1]) if l.startswith("RESULT ")]
def med(impl):
    return statistics.median(float(r["msgs_per_s"]) for r in rows if r["label"].startswith("small:" + impl + ":"))
print(int(float(sys.argv[2]) * min(med(impl) for impl in sys.argv[3:])))
PY
)
  echo "fixed rate for the latency test: $RATE messages/s" | tee -a "$OUT/machine.txt" >&2
  # The JVMs log GC pauses and safepoints with nanoTime stamps (timenanos), which the generator's tail trace
  # shares: tail.py attributes the slow messages (GC pause, generator stall, server waiting for a CPU, other).
  for round in $(seq 1 "$ROUNDS"); do
    for impl in $SERVERS; do
      SERVER_EXTRA_JVM="-Xlog:gc,safepoint:file=$OUT/gc-rate-$impl-$round.txt:tn,um" \
        start_server "$impl" "$OUT/server-rate-$impl-$round.log"
      GEN_EXTRA_JVM="-Xlog:gc,safepoint:file=$OUT/gc-gen-rate-$impl-$round.txt:tn,um" \
        gen "rate:$impl:$round" --conns 100 --size 32 --rate "$RATE" --warmup "$WARMUP" --duration "$RATE_DURATION" \
        --trace "$OUT/trace-rate-$impl-$round.txt" --slow-us "${SLOW_US:-1000}"
      stop_server
    done
  done
  # Idle connections at larger counts (one fresh server each, interleaved), from two source addresses.
  for conns in $IDLE_SCALE; do
    for impl in $SERVERS; do
      start_server "$impl" "$OUT/server-idlescale-$impl-$conns.log"
      gen "idlescale:$impl:$conns" --scenario idle --conns "$conns" --size 32 --source 127.0.0.4,127.0.0.5
      stop_server
      sleep 3
    done
  done
fi

if [ "${SKIP_JMH:-0}" != 1 ]; then
  # One JMH run per parameter set, so that ours and its peer run back to back (minutes apart they would see
  # different background load on a shared box). Each writes $OUT/jmh/NN.json; report.py merges them.
  mkdir -p "$OUT/jmh"
  : > "$OUT/jmh.txt"
  groups=()
  for split in false true; do for size in 16 125 1024 65536; do
    groups+=("DecodeBenchmark -p size=$size -p split=$split"); done; done
  for role in server client; do for size in 16 125 1024 65536; do
    groups+=("EncodeBenchmark -p size=$size -p role=$role"); done; done
  for size in 1024 65536 1048576; do groups+=("UnmaskBenchmark -p size=$size"); done
  for text in ascii mixed; do groups+=("Utf8Benchmark -p text=$text"); done
  groups+=("DeflateBenchmark")
  n=0
  for g in "${groups[@]}"; do
    n=$((n + 1))
    set -- $g
    if ! [[ "$1" =~ $JMH_FILTER ]]; then continue; fi
    echo "== jmh $g" >&2
    # shellcheck disable=SC2086
    taskset -c "$SERVER_CORE" java -jar "$JAR" $JMH_OPTS -rf json -rff "$OUT/jmh/$(printf %02d $n).json" \
      "dev.wscodec.bench.codec.$1\." "${@:2}" >> "$OUT/jmh.txt" 2>&1 || { tail -40 "$OUT/jmh.txt" >&2; exit 1; }
  done
  grep -E '^[A-Z][A-Za-z0-9]+Benchmark\.[a-zA-Z]+ ' "$OUT/jmh.txt" >&2 || true
fi

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
kill "$LOADAVG_PID" 2>/dev/null || true
python3 benchmarks/report.py "$OUT" > "$OUT/summary.md"
cat "$OUT/summary.md"
echo "Results in $OUT" >&2
