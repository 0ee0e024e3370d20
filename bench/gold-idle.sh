#!/usr/bin/env bash
# Gold idle cost: the Gold job over a copy of a finished run's Silver and dead-letter tables (default: the last
# bench/sustained-pipeline.sh run's data directory), a new checkpoint and its own PostgreSQL, measured for --seconds
# after it has loaded the table: CPU seconds, micro-batches (all idle: no new Silver commit arrives) and CPU per
# micro-batch. Job settings through -Dspark.clickstream.gold.<setting>, e.g. GOLD_SETTINGS="trigger=5s".
#
#   bench/gold-idle.sh [--data-dir local-stack/target/bench/sustained] [--seconds 100]
#   GOLD_SETTINGS="trigger=5s state-partitions=2"; SKIP_BUILD=1 to reuse the last build; OFFLINE=1 for mvn -o.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/harness.sh

DATA_DIR=local-stack/target/bench/sustained
SECONDS_MEASURED=100
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data-dir) DATA_DIR=$2; shift 2 ;;
    --seconds) SECONDS_MEASURED=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

[[ -z "${SKIP_BUILD:-}" ]] && build_harness
PROPS=()
for setting in ${GOLD_SETTINGS:-}; do
  PROPS+=("-Dspark.clickstream.gold.${setting%%=*}=${setting#*=}")
done

echo "revision $(revision 'Gold job' gold-spark-job/src/main), settings: ${GOLD_SETTINGS:-defaults}"
# The job's settings reach its JVM through JAVA_TOOL_OPTIONS (Spark reads spark.* system properties).
JAVA_TOOL_OPTIONS="${PROPS[*]:-}" exec java -Xmx512m -cp "$(harness_classpath)" \
  -Dclickstream.gold.module="$PWD/gold-spark-job" \
  io.clickstream.local.bench.GoldIdleBenchmark "$DATA_DIR" "$OUT/gold-idle" "$SECONDS_MEASURED"
