#!/usr/bin/env bash
# A/B of ours' echo: 313d0b3 (old) vs the same plus one event consumer per connection and request(n) without a task on the context (new), alternating, same flags as run.sh.
cd /work/main
SERVER_JVM="-Xms1g -Xmx1g -XX:+UseSerialGC"
GEN_JVM="-Xms512m -Xmx512m -XX:+UseSerialGC"
PORT=9800
OUT=/tmp/ab/ab.txt
: > $OUT
for round in 1 2 3 4; do
  for v in old new; do
    PORT=$((PORT+1)); CONTROL=$((PORT+500))
    taskset -c 1 java $SERVER_JVM -cp /tmp/bench-$v.jar dev.wscodec.bench.load.BenchServer ours $PORT $CONTROL > /tmp/ab/server-$v-$round.log 2>&1 &
    SP=$!
    for _ in $(seq 1 150); do grep -q '^READY' /tmp/ab/server-$v-$round.log && break; sleep 0.2; done
    taskset -c 0 java $GEN_JVM -cp /tmp/bench-new.jar dev.wscodec.bench.load.LoadGen --port $PORT --control $CONTROL --label "small:$v:$round" --conns 100 --inflight 16 --size 32 --warmup 4 --duration 6 >> $OUT
    taskset -c 0 java $GEN_JVM -cp /tmp/bench-new.jar dev.wscodec.bench.load.LoadGen --port $PORT --control $CONTROL --label "medium:$v:$round" --conns 10 --inflight 4 --size 16384 --warmup 4 --duration 6 >> $OUT
    kill $SP; wait $SP 2>/dev/null
    sleep 1
  done
done
echo ABDONE >> $OUT
