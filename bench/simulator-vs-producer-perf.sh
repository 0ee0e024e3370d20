#!/usr/bin/env bash
# Simulator vs Kafka's ProducerPerformance: events/s of one simulator task on a real Connect worker into a real broker,
# beside org.apache.kafka.tools.ProducerPerformance sending records of the same size to the same broker in the same
# run (once with the producer settings a worker gives a source task, once with Kafka's defaults), and the worker's
# heap with the task holding --users concurrent sessions. Builds what it needs, runs
# io.clickstream.local.bench.SimulatorThroughputBenchmark and writes the result table (Markdown) to
# local-stack/target/bench/simulator-vs-producer-perf.md. Run it on a quiet machine.
#
#   bench/simulator-vs-producer-perf.sh [--records 1000000] [--users 1000000] [--partitions 4] [--repeat 3]
#       [--worker-heap 512m] [--exactly-once false] [--batch-max-records 1000]
#   SKIP_BUILD=1 to reuse the last build; OFFLINE=1 for mvn -o.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/harness.sh

if [[ -z "${SKIP_BUILD:-}" ]]; then
  build_harness
fi
# ProducerPerformance (kafka-tools) runs on the harness's classpath too.
HARNESS_CP="$(harness_classpath)"

exec java -Xmx512m -XX:+UseSerialGC -cp "$HARNESS_CP" \
  -Dclickstream.plugin.path="$PWD/local-stack/target/plugins" \
  io.clickstream.local.bench.SimulatorThroughputBenchmark \
  --data-dir "$OUT/simulator" --out "$OUT/simulator-vs-producer-perf.md" \
  --command "bench/simulator-vs-producer-perf.sh $*" \
  --revision "$(revision simulator simulator-source-connector/src/main)" \
  "$@"
