#!/usr/bin/env bash
# Side-by-side throughput, latency, memory and start-up of Quicksilver and redis-server, in one run.
#
# Both servers are pinned to the same CPU with taskset (SERVER_CPU), redis-benchmark to another
# (CLIENT_CPU); workloads alternate between the two servers, ROUNDS times, and the median is kept.
# Prints a table with ops/s for each and the ratio quicksilver/redis, p50/p99 latency at pipeline 1,
# the server's CPU time per request (utime+stime from /proc/PID/stat around each run) and its ratio
# redis/quicksilver: what the throughput ratio would be on a CPU the server had to itself, so the
# figure that stays meaningful when other work shares the machine, the server's minor page faults
# per 1000 requests (first touches of memory, which cost some VMs ten times what they cost others),
# memory per key after loading KEYS 64-byte strings, and the time from start to first PONG (STARTS
# fresh starts of each, alternating; quicksilver with its JDK AOT cache and without it).
#
#   benchmarks/compare-redis.sh                 # full run (about 10 minutes)
#   ROUNDS=1 REQUESTS=100000 benchmarks/compare-redis.sh   # quick look
#   WARMUP=0 ...                                # no warm-up pass (default: 100000 requests per workload
#                                               # and size on each server at pipeline 16, not measured)
#   WARMUP_PASSES=3 ...                         # the warm-up three times over (default once)
#   ORDER=redis-first ...                       # redis-server first in every round (default: the
#                                               # two take turns going first, round by round)
#
# Needs: redis-server, redis-benchmark, redis-cli (Debian's redis-server and redis-tools), taskset, and
# the server built (./mvnw -q -DskipTests package).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
REQUESTS=${REQUESTS:-500000}
CLIENTS=${CLIENTS:-50}
KEYSPACE=${KEYSPACE:-1000000}
KEYS=${KEYS:-1000000}
SERVER_CPU=${SERVER_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-0}
TESTS=${TESTS:-set,get,incr,mset}
QS_PORT=${QS_PORT:-16380}
RD_PORT=${RD_PORT:-16381}
STARTS=${STARTS:-5}
WARMUP=${WARMUP:-100000}
WARMUP_PASSES=${WARMUP_PASSES:-1}
ORDER=${ORDER:-alternate} # or redis-first: redis-server before Quicksilver in every round
OUT=${OUT:-benchmarks/results/compare-redis-$(date +%Y%m%d-%H%M%S).txt}

for tool in redis-server redis-benchmark redis-cli taskset; do
  command -v $tool >/dev/null || { echo "missing $tool (apt-get install redis-server redis-tools util-linux)"; exit 1; }
done
JAR=$(ls server/target/quicksilver-server-*-all.jar 2>/dev/null | head -1 || true)
[ -n "$JAR" ] || { echo "build first: ./mvnw -q -DskipTests package"; exit 1; }
mkdir -p "$(dirname "$OUT")"
WORK=$(mktemp -d)
QS_PID=""; RD_PID=""
cleanup() {
  [ -n "$QS_PID" ] && kill "$QS_PID" 2>/dev/null || true
  [ -n "$RD_PID" ] && kill "$RD_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  cp "$WORK/qs.log" "${OUT%.txt}-quicksilver.log" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

port_free() { # port: refuse to measure whatever else answers there
  if redis-cli -p "$1" ping >/dev/null 2>&1; then echo "port $1 is already in use" >&2; exit 1; fi
}

wait_pong() { # port -> prints milliseconds waited
  local port=$1 start=$(date +%s%N)
  until [ "$(redis-cli -p "$port" ping 2>/dev/null)" = "PONG" ]; do
    sleep 0.005
    if [ $(( ($(date +%s%N) - start) / 1000000 )) -gt 30000 ]; then echo "no PONG on $port" >&2; return 1; fi
  done
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}

start_redis() {
  port_free "$RD_PORT"
  local t0=$(date +%s%N)
  (cd "$WORK" && exec taskset -c "$SERVER_CPU" redis-server --port "$RD_PORT" --bind 127.0.0.1 --save '' --appendonly no) >"$WORK/redis.log" 2>&1 &
  RD_PID=$!
  wait_pong "$RD_PORT" >/dev/null
  RD_START_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}

start_qs() { # [VAR=value ...]: extra environment for bin/quicksilver-server
  port_free "$QS_PORT"
  local t0=$(date +%s%N)
  env "$@" taskset -c "$SERVER_CPU" bin/quicksilver-server --port "$QS_PORT" --bind 127.0.0.1 >"$WORK/qs.log" 2>&1 &
  QS_PID=$!
  wait_pong "$QS_PORT" >/dev/null
  QS_START_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}

stop() { # pid port
  kill "$1" 2>/dev/null || true
  for _ in $(seq 100); do redis-cli -p "$2" ping >/dev/null 2>&1 || break; sleep 0.1; done
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # pid -> user+system clock ticks
minflt() { awk '{ print $10 }' "/proc/$1/stat"; } # pid -> minor page faults so far (first touches of memory)

bench() { # port pid test pipeline datasize -> "rps p50 p99 cpu_ns_per_request faults_per_1000_requests"
  # the last row: redis-benchmark runs an LPUSH of as many elements before an LRANGE test and prints
  # it first ("LPUSH (needed to benchmark LRANGE)"); the CPU time covers both
  local c0 c1 f0 f1 out
  c0=$(cpu_ticks "$2"); f0=$(minflt "$2")
  out=$(taskset -c "$CLIENT_CPU" redis-benchmark -p "$1" -t "$3" -P "$4" -d "$5" -c "$CLIENTS" -n "$REQUESTS" \
    -r "$KEYSPACE" --csv 2>/dev/null | awk -F, 'NR > 1 { gsub(/"/,""); row = $2 " " $5 " " $7 } END { print row }')
  c1=$(cpu_ticks "$2"); f1=$(minflt "$2")
  echo "$out $(( (c1 - c0) * 1000000000 / $(getconf CLK_TCK) / REQUESTS )) $(( (f1 - f0) * 1000 / REQUESTS ))"
}

median() { sort -n | awk '{a[NR]=$1} END { print a[int((NR+1)/2)] }'; }

# the JDK AOT cache (Java 25+) is written now if missing, so no training run overlaps the measures
bin/quicksilver-server --aot-train >/dev/null || true
start_redis
start_qs
{
echo "# Quicksilver vs redis-server $(redis-server --version | awk '{print $3}' | cut -d= -f2) — $(date -u +%FT%TZ)"
echo "# $(nproc) CPUs; servers pinned to CPU $SERVER_CPU, redis-benchmark to CPU $CLIENT_CPU;" \
     "$CLIENTS clients, $REQUESTS requests, keyspace $KEYSPACE, median of $ROUNDS alternating rounds (order: $ORDER)," \
     "after a warm-up of $WARMUP_PASSES x $WARMUP requests per workload and size"
QS_JAVA=$(readlink "/proc/$QS_PID/exe" 2>/dev/null || echo unknown)
echo "# quicksilver on $("$QS_JAVA" -version 2>&1 | head -1) ($QS_JAVA)"
printf "%-6s %4s %6s %12s %12s %7s %10s %10s %10s %10s %9s %9s %9s %9s %9s\n" test P size redis_ops qs_ops ratio redis_p50 qs_p50 redis_p99 qs_p99 \
  redis_ns qs_ns cpu_ratio redis_flt qs_flt
IFS=, read -ra tests <<<"$TESTS"
# warm-up, not measured: each workload on each server (pipeline 16, both sizes), WARMUP_PASSES times
# over the list, so that the JVM has compiled the paths before the first measured run, as a server
# that has been up a while has; redis-server gets the same requests (its keyspace and allocator see
# the same history). Each redis-benchmark run opens 50 new connections, and the first few cycles of
# connecting, CONFIG GET and closing still deoptimise and recompile the connection and dispatch
# paths (LPUSH 64 B at P16 after one 100k warm-up, CPU per push over six 200k runs: 3650, 2850,
# 1400, 1150, 1100, 1150 ns; benchmarks/README.md, session 7). More passes take that out of the
# measured rounds but also grow the state later workloads run on (LPUSH's one list), so the
# default stays at one pass, comparable with earlier runs.
if [ "$WARMUP" -gt 0 ]; then
  for ((pass = 0; pass < WARMUP_PASSES; pass++)); do
    for t in "${tests[@]}"; do
      for d in 64 1024; do
        for port in "$RD_PORT" "$QS_PORT"; do
          taskset -c "$CLIENT_CPU" redis-benchmark -p "$port" -t "$t" -P 16 -d "$d" -c "$CLIENTS" -n "$WARMUP" \
            -r "$KEYSPACE" -q >/dev/null 2>&1 || true
        done
      done
    done
  done
fi
for t in "${tests[@]}"; do
  for p in 1 16; do
    for d in 64 1024; do
      r_rps=(); q_rps=(); r_p50=(); q_p50=(); r_p99=(); q_p99=(); r_ns=(); q_ns=(); r_flt=(); q_flt=()
      for ((i = 0; i < ROUNDS; i++)); do
        # who goes first takes turns (ORDER=alternate, the default): on a VM that backs memory
        # lazily, the first run of a round may get the pages just freed and the second fresh ones
        order="redis qs"
        if [ "$ORDER" = alternate ] && [ $((i % 2)) -eq 1 ]; then order="qs redis"; fi
        for who in $order; do
          if [ "$who" = redis ]; then
            read -r a b c e f <<<"$(bench "$RD_PORT" "$RD_PID" "$t" "$p" "$d")"; r_rps+=("$a"); r_p50+=("$b"); r_p99+=("$c"); r_ns+=("$e"); r_flt+=("$f")
          else
            read -r a b c e f <<<"$(bench "$QS_PORT" "$QS_PID" "$t" "$p" "$d")"; q_rps+=("$a"); q_p50+=("$b"); q_p99+=("$c"); q_ns+=("$e"); q_flt+=("$f")
          fi
        done
      done
      R=$(printf "%s\n" "${r_rps[@]}" | median); Q=$(printf "%s\n" "${q_rps[@]}" | median)
      R50=$(printf "%s\n" "${r_p50[@]}" | median); Q50=$(printf "%s\n" "${q_p50[@]}" | median)
      R99=$(printf "%s\n" "${r_p99[@]}" | median); Q99=$(printf "%s\n" "${q_p99[@]}" | median)
      RNS=$(printf "%s\n" "${r_ns[@]}" | median); QNS=$(printf "%s\n" "${q_ns[@]}" | median)
      RF=$(printf "%s\n" "${r_flt[@]}" | median); QF=$(printf "%s\n" "${q_flt[@]}" | median)
      printf "%-6s %4s %6s %12.0f %12.0f %7.2f %10s %10s %10s %10s %9s %9s %9.2f %9s %9s\n" "$t" "$p" "$d" "$R" "$Q" \
        "$(awk -v q="$Q" -v r="$R" 'BEGIN{print q/r}')" "$R50" "$Q50" "$R99" "$Q99" "$RNS" "$QNS" \
        "$(awk -v q="$QNS" -v r="$RNS" 'BEGIN{print (q > 0 ? r/q : 0)}')" "$RF" "$QF"
    done
  done
done

# memory per key: load KEYS distinct 64-byte strings into an empty db 1 of each
load() { # port
  redis-cli -p "$1" -n 1 flushdb >/dev/null
  awk -v n="$KEYS" 'BEGIN { v = sprintf("%064d", 0); for (i = 0; i < n; i++) printf "*3\r\n$3\r\nSET\r\n$%d\r\nkey:%012d\r\n$64\r\n%s\r\n", 16, i, v }' \
    | redis-cli -p "$1" -n 1 --pipe >/dev/null
}
used() { redis-cli -p "$1" info memory | awk -F: '/^used_memory:/ { gsub(/\r/,""); print $2 }'; }
rss() { ps -o rss= -p "$1" | awk '{ printf "%.0f\n", $1 * 1024 }'; } # %d stops at 2^31 in mawk
full_gc() { # pid: a full GC when it is a JVM, so used_memory (heap used) counts live data only
  local exe; exe=$(readlink "/proc/$1/exe" 2>/dev/null || true)
  if [ "$(basename "$exe")" = java ] && [ -x "$(dirname "$exe")/jcmd" ]; then "$(dirname "$exe")/jcmd" "$1" GC.run >/dev/null 2>&1 || true; sleep 1; fi
}
mem_row() { # name port pid
  redis-cli -p "$2" -n 1 flushdb >/dev/null
  local u0 r0 u1 r1
  full_gc "$3"
  u0=$(used "$2"); r0=$(rss "$3")
  load "$2"
  full_gc "$3"
  u1=$(used "$2"); r1=$(rss "$3")
  echo "$1 $(redis-cli -p "$2" -n 1 dbsize) $(( (u1 - u0) / KEYS )) $(( (r1 - r0) / KEYS )) $r1"
}
# memory on fresh servers: after the throughput workloads a JVM keeps the heap they grew (RSS
# would not move while loading) and redis its allocator's pages
stop "$QS_PID" "$QS_PORT"; stop "$RD_PID" "$RD_PORT"
start_redis; start_qs
echo
printf "%-12s %10s %16s %16s %14s\n" server keys used_bytes/key rss_bytes/key rss_total
read -r n k u r t <<<"$(mem_row redis "$RD_PORT" "$RD_PID")"; printf "%-12s %10s %16s %16s %14s\n" $n $k $u $r $t
read -r n k u r t <<<"$(mem_row quicksilver "$QS_PORT" "$QS_PID")"; printf "%-12s %10s %16s %16s %14s\n" $n $k $u $r $t

# start to first PONG (fresh processes, alternating, median of STARTS): quicksilver with its AOT
# cache and without (QUICKSILVER_AOT=off: what a first start after a build costs)
# (the servers are children of the outer shell, not of this piped block: wait for their ports instead of `wait`)
stop "$QS_PID" "$QS_PORT"; stop "$RD_PID" "$RD_PORT"; QS_PID=""; RD_PID=""
rd_ms=(); qs_ms=(); qs_cold_ms=()
for ((i = 0; i < STARTS; i++)); do
  start_redis; rd_ms+=("$RD_START_MS"); stop "$RD_PID" "$RD_PORT"
  start_qs; qs_ms+=("$QS_START_MS"); stop "$QS_PID" "$QS_PORT"
  start_qs QUICKSILVER_AOT=off; qs_cold_ms+=("$QS_START_MS"); stop "$QS_PID" "$QS_PORT"
done
RD_PID=""; QS_PID=""
echo
echo "start to first PONG (median of $STARTS; load $(cut -d' ' -f1-3 /proc/loadavg)): redis $(printf "%s\n" "${rd_ms[@]}" | median) ms," \
  "quicksilver $(printf "%s\n" "${qs_ms[@]}" | median) ms, without its AOT cache $(printf "%s\n" "${qs_cold_ms[@]}" | median) ms"
echo "  (all starts, ms: redis ${rd_ms[*]}; quicksilver ${qs_ms[*]}; without AOT cache ${qs_cold_ms[*]})"
} | tee "$OUT"
echo "saved to $OUT"
