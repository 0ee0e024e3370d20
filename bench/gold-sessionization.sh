#!/usr/bin/env bash
# Gold sessionization: the job's computation (sessionize, then aggregate as the loader does; no PostgreSQL) over one
# Silver snapshot as a Structured Streaming query in local[2] (RocksDB state, checkpoint) beside the same
# computation as a Spark batch job (the limit). Writes the Silver table first (simulator traffic), then alternates.
# With --state: streaming once, then the state it holds (rows, memory, RocksDB metrics, bytes on disk) and the
# driver's heap. Prints the figures and keeps them in local-stack/target/bench/gold-sessionization-*.txt.
#
#   bench/gold-sessionization.sh [--events 200000] [--users 10000] [--commits 4] [--repeat 3] [--state] [--heap 3g]
#   SKIP_BUILD=1 to reuse the last build; OFFLINE=1 for mvn -o.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/harness.sh
ARGS="$*"

EVENTS=200000
USERS=10000
COMMITS=4
REPEAT=3
MODE=compare
HEAP=3g
while [[ $# -gt 0 ]]; do
  case "$1" in
    --events) EVENTS=$2; shift 2 ;;
    --users) USERS=$2; shift 2 ;;
    --commits) COMMITS=$2; shift 2 ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --state) MODE=state; shift ;;
    --heap) HEAP=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

if [[ -z "${SKIP_BUILD:-}" ]]; then
  "${MVN[@]}" -pl gold-spark-job -am test-compile
fi
CP="$PWD/gold-spark-job/target/test-classes:$PWD/gold-spark-job/target/classes:$(cat gold-spark-job/target/classpath.txt)"
OPENS=()
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  OPENS+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
RESULT="$OUT/gold-sessionization-$MODE-$EVENTS-$USERS.txt"
{
  echo "command: bench/gold-sessionization.sh $ARGS"
  echo "date: $(date -u +%FT%TZ), revision $(revision 'job or harness' gold-spark-job/src), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  java -Xmx"$HEAP" -XX:+UseParallelGC "${OPENS[@]}" -Djdk.reflect.useDirectMethodHandle=false -cp "$CP" \
    io.clickstream.gold.SessionizationBenchmark "$PWD/$OUT/gold-sessionization" "$EVENTS" "$USERS" "$COMMITS" \
    "$REPEAT" "$MODE" 2>&1 | grep --line-buffered -E "^(Silver|run|events|state|micro-batch|driver|Exception|Caused)"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RESULT"
