#!/usr/bin/env bash
# What the session store adds to a request, side by side in one run (io.quicksilver.benchmarks.SessionRun):
# an embedded Jetty 12 serving a servlet that reads two session attributes and writes one, with
# Jetty's own in-memory sessions, the Quicksilver filter embedded, remote against a Quicksilver
# server (its own JVM) and remote against redis-server (Debian's, if installed), on free loopback
# ports. Modes alternate within each round. Prints p50/p99/p99.9 per mode and what each adds to
# Jetty's own sessions, the store commands per request (INFO commandstats) and the loopback PING
# round trip, to read the added time in round trips.
#
#   benchmarks/compare-sessions.sh                       # about 2 minutes
#   ROUNDS=2 WARMUP=2000 benchmarks/compare-sessions.sh  # quick look
#   BUILD=no benchmarks/compare-sessions.sh              # reuse benchmarks/target/benchmarks.jar
#   MODES=jetty,embedded benchmarks/compare-sessions.sh
#   WRITE=false benchmarks/compare-sessions.sh           # requests read their attributes and set none
#   WRITE_MODE=async benchmarks/compare-sessions.sh      # the filter's write-mode async: no wait for the write
#   THINK_MS=10 SINGLE=400 PER_CLIENT=200 ROUNDS=4 benchmarks/compare-sessions.sh
#                                                        # a 10 ms user pause after each measured request
#   WRITE=false TOUCH_INTERVAL=60 benchmarks/compare-sessions.sh  # read-only requests, access time rewritten at most once a minute
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-8}
SINGLE=${SINGLE:-1500}
CLIENTS=${CLIENTS:-4}
PER_CLIENT=${PER_CLIENT:-750}
WARMUP=${WARMUP:-20000}
MODES=${MODES:-jetty,embedded,remote-qs,remote-redis}
OUT=${OUT:-benchmarks/results/compare-sessions-$(date +%Y%m%d-%H%M%S).txt}

if [ "${BUILD:-yes}" != no ]; then
  ${MVN:-./mvnw} -q -B -DskipTests -pl benchmarks -am package
fi
JAR=${JAR:-benchmarks/target/benchmarks.jar}
[ -f "$JAR" ] || { echo "missing $JAR: run without BUILD=no"; exit 1; }
command -v redis-server >/dev/null || echo "redis-server not found (apt-get install redis-server): remote-redis is left out"
mkdir -p "$(dirname "$OUT")"

{
  echo "# $(uptime)"
  java -Xms512m -Xmx512m -Drounds="$ROUNDS" -Dsingle="$SINGLE" -Dclients="$CLIENTS" -DperClient="$PER_CLIENT" \
    -Dwarmup="$WARMUP" -Dmodes="$MODES" -Dwrite="${WRITE:-true}" -DwriteMode="${WRITE_MODE:-sync}" \
    -DthinkMs="${THINK_MS:-0}" -DtouchInterval="${TOUCH_INTERVAL:-0}" -Djava.util.logging.config.file=/dev/null \
    -cp "$JAR" io.quicksilver.benchmarks.SessionRun 2>&1 | grep -v '^SLF4J'
  echo "# $(uptime)"
} | tee "$OUT"
