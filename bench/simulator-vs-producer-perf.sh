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
MVN=(mvn -B -q ${OFFLINE:+-o})
OUT=local-stack/target/bench
mkdir -p "$OUT"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  # The bundle (the simulator) for plugin.path, then the harness.
  "${MVN[@]}" -pl simulator-source-connector,connect-plugins,gold-spark-job install -DskipTests
  "${MVN[@]}" -pl local-stack test-compile
  "${MVN[@]}" -pl local-stack dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$PWD/$OUT/local-stack-test.classpath"
fi
# The harness, the broker and worker processes it starts, and ProducerPerformance (kafka-tools) share this classpath.
HARNESS_CP="$PWD/local-stack/target/test-classes:$PWD/local-stack/target/classes:$(cat "$OUT/local-stack-test.classpath")"

exec java -Xmx512m -XX:+UseSerialGC -cp "$HARNESS_CP" \
  -Dclickstream.plugin.path="$PWD/local-stack/target/plugins" \
  io.clickstream.local.bench.SimulatorThroughputBenchmark \
  --data-dir "$OUT/simulator" --out "$OUT/simulator-vs-producer-perf.md" \
  --command "bench/simulator-vs-producer-perf.sh $*" \
  --revision "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- simulator-source-connector/src/main 2>/dev/null || echo ' + uncommitted changes of the simulator')" \
  "$@"
