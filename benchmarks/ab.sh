#!/usr/bin/env bash
# Echo A/B of two versions of the bridge ("ours"), for a change to a hot path: each version's benchmarks jar is built
# in a temporary git worktree (the working tree itself for WORKTREE), then ROUNDS rounds alternate the two servers
# (pinned to core 1, the load generator to core 0, the flags of run.sh), each with 32 B messages (100 connections,
# 16 in flight) and 16 KiB messages (10 connections, 4 in flight). Writes OUT/ab.txt (the RESULT lines) and
# OUT/summary.md (messages per server CPU-second and bytes allocated per message, every round, medians, new/old).
#
# usage: benchmarks/ab.sh OLD_REV NEW_REV      (NEW_REV may be WORKTREE; env: ROUNDS=4 OUT=dir SKIP_BUILD=1 reuses
#                                              OUT/old.jar and OUT/new.jar)
# A difference inside the rounds' own spread is noise: run it twice before believing 3%.
set -euo pipefail
cd "$(dirname "$0")/.."

OLD=${1:?usage: benchmarks/ab.sh OLD_REV NEW_REV}
NEW=${2:?usage: benchmarks/ab.sh OLD_REV NEW_REV}
ROUNDS=${ROUNDS:-4}
OUT=${OUT:-benchmarks/results/$(date -u +%Y%m%dT%H%MZ)-ab-echo}
SERVER_JVM="-Xms1g -Xmx1g -XX:+UseSerialGC"
GEN_JVM="-Xms512m -Xmx512m -XX:+UseSerialGC"
mkdir -p "$OUT"

build() { # REV JAR: the benchmarks jar of REV (WORKTREE: as the files are now)
  local rev=$1 jar=$2 dir
  if [ "$rev" = WORKTREE ]; then
    mvn -q -o -DskipTests package -pl benchmarks -am
    cp benchmarks/target/benchmarks.jar "$jar"
    return
  fi
  dir=$(mktemp -d /tmp/ab-build.XXXXXX)
  git worktree add -q --detach "$dir" "$rev"
  (cd "$dir" && mvn -q -o -DskipTests package -pl benchmarks -am)
  cp "$dir/benchmarks/target/benchmarks.jar" "$jar"
  git worktree remove --force "$dir"
}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  build "$OLD" "$OUT/old.jar"
  build "$NEW" "$OUT/new.jar"
fi
echo "old: $OLD ($(git rev-parse --short "$OLD" 2>/dev/null || echo "$OLD")), new: $NEW" > "$OUT/versions.txt"

RESULTS="$OUT/ab.txt"
: > "$RESULTS"
PORT=9800
for round in $(seq 1 "$ROUNDS"); do
  for v in old new; do
    PORT=$((PORT + 1)); CONTROL=$((PORT + 500))
    LOG="$OUT/server-$v-$round.log"
    taskset -c 1 java $SERVER_JVM -cp "$OUT/$v.jar" dev.wscodec.bench.load.BenchServer ours $PORT $CONTROL > "$LOG" 2>&1 &
    SP=$!
    for _ in $(seq 1 150); do grep -q '^READY' "$LOG" && break; sleep 0.2; done
    taskset -c 0 java $GEN_JVM -cp "$OUT/new.jar" dev.wscodec.bench.load.LoadGen --port $PORT --control $CONTROL \
      --label "small:$v:$round" --conns 100 --inflight 16 --size 32 --warmup 4 --duration 6 >> "$RESULTS"
    taskset -c 0 java $GEN_JVM -cp "$OUT/new.jar" dev.wscodec.bench.load.LoadGen --port $PORT --control $CONTROL \
      --label "medium:$v:$round" --conns 10 --inflight 4 --size 16384 --warmup 4 --duration 6 >> "$RESULTS"
    kill $SP; wait $SP 2>/dev/null || true
    rm -f "$LOG"
    sleep 1
  done
done
rm -f "$OUT/old.jar" "$OUT/new.jar"

python3 - "$RESULTS" "$OUT/versions.txt" > "$OUT/summary.md" <<'EOF'
import statistics, sys
rows = [dict(kv.split('=', 1) for kv in line.split()[1:]) for line in open(sys.argv[1]) if line.startswith('RESULT')]
print('# Echo A/B:', open(sys.argv[2]).read().strip(), '\n')
print('| scenario | old: messages per server CPU-second, each round | median | new: each round | median | new/old '
      '| bytes allocated per message, old / new (medians) |')
print('|---|---|---|---|---|---|---|')
for scenario in ('small', 'medium'):
    m, a, each = {}, {}, {}
    for v in ('old', 'new'):
        r = [x for x in rows if x['label'].startswith(f'{scenario}:{v}:')]
        each[v] = ' / '.join(f"{float(x['msgs_per_server_cpu_s']):,.0f}" for x in r)
        m[v] = statistics.median(float(x['msgs_per_server_cpu_s']) for x in r)
        a[v] = statistics.median(float(x['alloc_per_msg']) for x in r)
    print(f"| {scenario} | {each['old']} | {m['old']:,.0f} | {each['new']} | {m['new']:,.0f} | "
          f"{m['new'] / m['old']:.2f} | {a['old']:.1f} / {a['new']:.1f} |")
EOF
cat "$OUT/summary.md"
