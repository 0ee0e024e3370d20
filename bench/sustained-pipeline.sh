#!/usr/bin/env bash
# Sustained pipeline: the whole local stack (broker, worker(s), every connectors/*.json with the simulator at --rate,
# PostgreSQL, the Gold job) for --duration seconds, sampling each Hudi sink's lag, Gold freshness and each process's
# CPU; then the simulator pauses, the sinks catch up and Spark counts Bronze and Silver against the events produced.
# Runs io.clickstream.local.bench.SustainedPipelineBenchmark; result: local-stack/target/bench/sustained-pipeline.md.
#
#   bench/sustained-pipeline.sh [--rate 5000] [--duration 600] [--warmup 120] [--workers 1] [--partitions 6]
#       [--sample-seconds 5] [--data-dir local-stack/target/bench/sustained] [--drain-timeout 600] [--no-count]
#   SKIP_BUILD=1 to reuse the last build; OFFLINE=1 for mvn -o; MVN_FLAGS for more Maven flags.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/harness.sh

[[ -z "${SKIP_BUILD:-}" ]] && build_harness
HARNESS_CP="$(harness_classpath)"

exec java -Xmx512m -XX:+UseSerialGC -cp "$HARNESS_CP" \
  -Dclickstream.plugin.path="$PWD/local-stack/target/plugins" \
  io.clickstream.local.bench.SustainedPipelineBenchmark \
  --gold-module "$PWD/gold-spark-job" --tables-module "$PWD/hudi-table-tools" --out "$OUT/sustained-pipeline.md" \
  --command "bench/sustained-pipeline.sh $*" \
  --revision "$(revision 'pipeline' connect-plugins/src/main simulator-source-connector/src/main gold-spark-job/src/main local-stack/src connectors)" \
  "$@"
