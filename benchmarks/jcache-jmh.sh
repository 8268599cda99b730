#!/usr/bin/env bash
# JCache providers side by side in one JMH run: our provider embedded (store-by-reference and
# store-by-value), Caffeine's and Ehcache 3's JCache providers, at 1, 2 and 4 threads, get / put /
# 80-20 mix over 100k String keys with 100-character values; and our provider in remote mode
# against our server (started in the benchmark's JVM) beside Lettuce's GET. Prints a Markdown
# table of ops/ms with the ratios the issue sets targets for (ours/Ehcache by value > 1,
# ours-by-ref/Caffeine >= 0.5, remote/Lettuce >= 0.83).
#
#   benchmarks/jcache-jmh.sh                          # everything, about 20 minutes
#   benchmarks/jcache-jmh.sh 'JCacheBenchmark.get'    # one benchmark (any JMH regex)
#   THREADS=1 JMH_OPTS='-f 1 -wi 1 -i 1 -w 1s -r 1s' benchmarks/jcache-jmh.sh   # smoke test
#   BUILD=no benchmarks/jcache-jmh.sh                 # reuse benchmarks/target/benchmarks.jar
#   PROFILE=yes ...                                   # JFR recording per fork in benchmarks/results/
#   COST=yes ...                                      # also CPU ns/op and bytes/op tables (steadier
#                                                     # than throughput on a loaded machine)
#
# Extra arguments are JMH's (a benchmark regex, -p impl=caffeine-value,ehcache-ref, ...).
set -euo pipefail
cd "$(dirname "$0")/.."

THREADS=${THREADS:-1,2,4}
JMH_OPTS=${JMH_OPTS:--f 1 -wi 2 -i 3 -w 2s -r 3s}
OUT=${OUT:-benchmarks/results/jcache-jmh-$(date +%Y%m%d-%H%M%S).txt}

if [ "${BUILD:-yes}" != no ]; then
  # the modules the benchmarks use, then the benchmark jar (JMH's generated classes, every dependency)
  ${MVN:-./mvnw} -q -B -DskipTests -pl benchmarks -am install
fi
JAR=benchmarks/target/benchmarks.jar
[ -f "$JAR" ] || { echo "missing $JAR: run without BUILD=no"; exit 1; }
mkdir -p "$(dirname "$OUT")"

EXTRA=()
if [ "${PROFILE:-no}" = yes ]; then
  # one recording per fork (JMH appends its own -jvmArgsAppend after ours)
  EXTRA+=(-jvmArgsAppend "-XX:StartFlightRecording=filename=$PWD/benchmarks/results/,settings=profile")
fi

if [ "${COST:-no}" = yes ]; then
  EXTRA+=(-prof io.quicksilver.benchmarks.CpuTimeProfiler -prof gc)
fi

{
  echo "# JCache JMH run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# java: $(java -version 2>&1 | head -1); JMH options: $JMH_OPTS; threads: $THREADS"
} | tee "$OUT"
# shellcheck disable=SC2086
java -Dthreads="$THREADS" -jar "$JAR" $JMH_OPTS "${EXTRA[@]}" "$@" 2>&1 | tee -a "$OUT"
echo "results in $OUT"
