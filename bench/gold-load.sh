#!/usr/bin/env bash
# Gold PostgreSQL load: the Gold transaction beside a bare COPY of the same session rows into a table of the same
# definition (primary key and indexes) and into one without indexes, on the project's own PostgreSQL, same rounds.
# Prints rows/s, ratios and where the transaction's time went; keeps them in local-stack/target/bench/gold-load-*.txt.
#
#   bench/gold-load.sh [--rows 20000] [--rounds 6] [--updates 0.0] [--explain]
#   --updates: share of each batch's rows that replace sessions of the previous batch (the rest are new sessions)
#   --explain: log every statement's plan with actual times (auto_explain) to the server log; slows the run
#   SKIP_BUILD=1 to reuse the last build; OFFLINE=1 for mvn -o.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/harness.sh
ARGS="$*"

ROWS=20000
ROUNDS=6
UPDATES=0.0
EXPLAIN=
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) ROWS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --updates) UPDATES=$2; shift 2 ;;
    --explain) EXPLAIN=explain; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

if [[ -z "${SKIP_BUILD:-}" ]]; then
  "${MVN[@]}" -pl gold-spark-job -am test-compile
fi
CP="$PWD/gold-spark-job/target/test-classes:$PWD/gold-spark-job/target/classes:$(cat gold-spark-job/target/classpath.txt)"
RESULT="$OUT/gold-load-$ROWS-$UPDATES.txt"
{
  echo "command: bench/gold-load.sh $ARGS"
  echo "date: $(date -u +%FT%TZ), revision $(revision 'loader or harness' gold-spark-job/src), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  java -Xmx512m -cp "$CP" io.clickstream.gold.load.GoldLoadBenchmark "$PWD/$OUT/gold-load-postgres" "$ROWS" \
    "$ROUNDS" "$UPDATES" $EXPLAIN 2>&1 | grep -vE "^(SLF4J|WARN|INFO)"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RESULT"
