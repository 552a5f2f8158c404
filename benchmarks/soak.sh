#!/usr/bin/env bash
# The soak run of docs/RELIABILITY.md (not part of the build; `mvn verify` runs a 60-second version, SoakIT):
# the examples jar's demo and ticker as server JVMs (-Xmx512m) for SECONDS (default 600) under well-behaved echo,
# chat and ticker clients mixed with connection churn, ping floods, deflate bombs and never-reading clients; heap after
# a full GC, RSS and open descriptors of both servers every SAMPLE seconds (default 10). Everything on 127.0.0.1.
# Writes samples.csv, soak.svg, metrics.txt and summary.md to OUT and exits non-zero if the well-behaved clients saw an
# error or memory or descriptors did not stay flat after the warm-up.
#
# usage: benchmarks/soak.sh        (env: SECONDS_TOTAL=600 WARMUP=120 SAMPLE=10 OUT=dir SKIP_BUILD=1)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TOTAL=${SECONDS_TOTAL:-600}
WARMUP=${WARMUP:-120}
SAMPLE=${SAMPLE:-10}
OUT=${OUT:-benchmarks/results/soak-$(date -u +%Y%m%dT%H%M%SZ)}
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # package, not install: the reactor resolves the sibling modules, and ~/.m2 stays as it was
  mvn -q -B -ntp -pl benchmarks -am package -DskipTests
fi
java -Xmx512m -cp benchmarks/target/benchmarks.jar dev.wscodec.bench.soak.Soak \
  --jar examples/target/wscodec-examples.jar --seconds "$SECONDS_TOTAL" --warmup "$WARMUP" --sample "$SAMPLE" \
  --out "$OUT"
