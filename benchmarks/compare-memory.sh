#!/usr/bin/env bash
# Memory of the collection types, Quicksilver beside redis-server, in one run:
#   1M small hashes of 5 fields, and one list, one set, one sorted set of 1M members each.
# For each data set both servers start empty in database 1, the data is loaded with redis-cli --pipe,
# and the growth of INFO used_memory is divided by the number of keys or members. For Quicksilver,
# used_memory is the JVM heap in use, measured after a full GC (jcmd GC.run), so it counts live data.
#
#   benchmarks/compare-memory.sh            # N=1000000
#   N=100000 benchmarks/compare-memory.sh   # quicker
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000000}
QS_PORT=${QS_PORT:-16382}
RD_PORT=${RD_PORT:-16383}
OUT=${OUT:-benchmarks/results/compare-memory-$(date +%Y%m%d-%H%M%S).txt}
JAR=$(ls server/target/quicksilver-server-*-all.jar 2>/dev/null | head -1 || true)
[ -n "$JAR" ] || { echo "build first: ./mvnw -q -DskipTests package"; exit 1; }
mkdir -p "$(dirname "$OUT")"
WORK=$(mktemp -d)
QS_PID=""; RD_PID=""
cleanup() {
  [ -n "$QS_PID" ] && kill "$QS_PID" 2>/dev/null || true
  [ -n "$RD_PID" ] && kill "$RD_PID" 2>/dev/null || true
  wait 2>/dev/null || true; rm -rf "$WORK"
}
trap cleanup EXIT
wait_pong() { until [ "$(redis-cli -p "$1" ping 2>/dev/null)" = "PONG" ]; do sleep 0.05; done; }
(cd "$WORK" && exec redis-server --port "$RD_PORT" --bind 127.0.0.1 --save '' --appendonly no) >"$WORK/redis.log" 2>&1 &
RD_PID=$!
bin/quicksilver-server --port "$QS_PORT" --bind 127.0.0.1 >"$WORK/qs.log" 2>&1 &
QS_PID=$!
wait_pong "$RD_PORT"; wait_pong "$QS_PORT"

full_gc() { # pid: a full GC when it is a JVM
  local exe; exe=$(readlink "/proc/$1/exe" 2>/dev/null || true)
  if [ "$(basename "$exe")" = java ] && [ -x "$(dirname "$exe")/jcmd" ]; then "$(dirname "$exe")/jcmd" "$1" GC.run >/dev/null 2>&1 || true; sleep 1; fi
}
used() { redis-cli -p "$1" info memory | awk -F: '/^used_memory:/ { gsub(/\r/,""); print $2 }'; }

# generators: RESP commands on stdout
gen_hashes() { awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) { k = sprintf("hash:%d", i);
  printf "*12\r\n$4\r\nHSET\r\n$%d\r\n%s\r\n", length(k), k;
  for (f = 1; f <= 5; f++) { v = sprintf("value-%d", i % 1000); printf "$6\r\nfield%d\r\n$%d\r\n%s\r\n", f, length(v), v } } }'; }
gen_members() { # cmd key [score]
  awk -v n="$N" -v cmd="$1" -v key="$2" -v z="${3:-}" 'BEGIN { b = 1000; for (i = 0; i < n; i += b) {
    m = (n - i < b) ? n - i : b; per = z ? 2 : 1;
    printf "*%d\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", 2 + m * per, length(cmd), cmd, length(key), key;
    for (j = i; j < i + m; j++) { v = sprintf("member:%d", j);
      if (z) { s = sprintf("%d", j); printf "$%d\r\n%s\r\n", length(s), s }
      printf "$%d\r\n%s\r\n", length(v), v } } }'; }

measure() { # port pid generator... -> bytes per unit
  local port=$1 pid=$2; shift 2
  redis-cli -p "$port" -n 1 flushdb >/dev/null
  full_gc "$pid"; local u0; u0=$(used "$port")
  "$@" | redis-cli -p "$port" -n 1 --pipe >/dev/null
  full_gc "$pid"; local u1; u1=$(used "$port")
  redis-cli -p "$port" -n 1 flushdb >/dev/null
  echo $(( (u1 - u0) / N ))
}
{
echo "# memory per key/member: Quicksilver vs redis-server $(redis-server --version | awk '{print $3}' | cut -d= -f2), N=$N — $(date -u +%FT%TZ)"
printf "%-28s %12s %12s %7s\n" dataset redis_B qs_B ratio
row() { # name generator...
  local name=$1; shift
  local r q; r=$(measure "$RD_PORT" "$RD_PID" "$@"); q=$(measure "$QS_PORT" "$QS_PID" "$@")
  printf "%-28s %12s %12s %7.2f\n" "$name" "$r" "$q" "$(awk -v q="$q" -v r="$r" 'BEGIN{print q/r}')"
}
row "hash of 5 fields (per key)" gen_hashes
row "list member" gen_members RPUSH list
row "set member" gen_members SADD set
row "zset member" gen_members ZADD zset 1
} | tee "$OUT"
echo "saved to $OUT"
