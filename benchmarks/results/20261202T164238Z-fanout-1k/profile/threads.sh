#!/usr/bin/env bash
# usage: threads.sh IMPL PORT SIZES RATES [extra jvm]
set -u
cd "$(dirname "$0")"/../../../..
mkdir -p /tmp/fanoutwork
IMPL=$1; PORT=$2; SIZES=$3; RATES=$4; EXTRA=${5:-}
JAR=${JAR:-benchmarks/target/benchmarks.jar}
log=/tmp/fanoutwork/server-$IMPL.log
taskset -c 1 java -Xms1g -Xmx1g -XX:+UseSerialGC $EXTRA -cp $JAR dev.wscodec.bench.load.FanoutServer $IMPL $PORT $((PORT+500)) > $log 2>&1 &
SP=$!
for _ in $(seq 1 150); do grep -q '^READY' $log && break; sleep 0.2; done
snap() { for t in /proc/$SP/task/*; do echo "$(cat $t/comm | tr ' ' _) $(cut -d' ' -f14,15 $t/stat 2>/dev/null)"; done | awk '{a[$1]+=$2+$3} END {for (k in a) print k, a[k]}' | sort; }
taskset -c 0 java -Xms512m -Xmx512m -XX:+UseSerialGC -cp $JAR dev.wscodec.bench.load.FanoutGen --port $PORT --control $((PORT+500)) --label $IMPL:10000:x --subs 10000 --sizes $SIZES --rates $RATES --warmup ${WARMUP:-2} --duration ${DURATION:-4} > /tmp/fanoutwork/gen-$IMPL.out 2>&1 &
GP=$!
if [ -n "${PERF:-}" ]; then perf record -F 1999 -g -o /tmp/fanoutwork/perf-$IMPL.data -p $SP > /tmp/fanoutwork/perf-$IMPL.log 2>&1 & PP=$!; fi
python3 "$(dirname "$0")"/snapper.py $SP $GP /tmp/fanoutwork/snaps-$IMPL.txt &
wait $GP
if [ -n "${PERF:-}" ]; then kill -INT $PP; wait $PP; fi
cat /tmp/fanoutwork/gen-$IMPL.out | grep RESULT
kill $SP; wait $SP 2>/dev/null; true
