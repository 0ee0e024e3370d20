#!/usr/bin/env bash
# Hudi sink vs bare HoodieJavaWriteClient: records/s of the Bronze sink on a real Connect worker beside a plain
# HoodieJavaWriteClient writing the same records (the limit), COW and MOR, with peak heaps. Builds what it needs,
# runs io.clickstream.local.bench.HudiSinkBenchmark and writes the result table (Markdown) to
# local-stack/target/bench/hudi-sink-vs-bare-writer.md. Takes a few minutes per 100k records; run it on a quiet machine.
#
#   bench/hudi-sink-vs-bare-writer.sh [--records 200000] [--batch 25000] [--partitions 4]
#       [--modes COPY_ON_WRITE,MERGE_ON_READ] [--commit-interval-ms 1000] [--worker-heap 1g] [--repeat 3]
#       [--lake s3]              (also the sink and the bare writer on S3Proxy, s3a://, after the local-disk runs)
#       [--table silver]         (the shipped Silver sink, connectors/silver-hudi-sink.json or --connector FILE:
#                                 transforms + upsert by event_id, beside a bare upsert of the same transformed rows)
#       [--sink key=value ...]   (extra sink settings, e.g. --sink hoodie.metadata.enable=false)
#   SKIP_BUILD=1 to reuse the last build; OFFLINE=1 for mvn -o; NO_SPARK_COUNT=1 to skip counting rows with Spark.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/harness.sh

if [[ -z "${SKIP_BUILD:-}" ]]; then
  build_harness
  "${MVN[@]}" -pl connect-plugins dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$PWD/$OUT/connect-plugins-test.classpath"
fi

# The bare writer: connect-plugins' test classes on its own test classpath (Hudi, Hadoop, Avro, kafka-clients).
echo "$PWD/connect-plugins/target/test-classes:$PWD/connect-plugins/target/classes:$(cat "$OUT/connect-plugins-test.classpath")" \
  > "$OUT/bare-writer.classpath"
HARNESS_CP="$(harness_classpath)"

TABLES=(--tables-module "$PWD/hudi-table-tools")
[[ -n "${NO_SPARK_COUNT:-}" ]] && TABLES=()

exec java -Xmx512m -XX:+UseSerialGC -cp "$HARNESS_CP" \
  -Dclickstream.plugin.path="$PWD/local-stack/target/plugins" \
  io.clickstream.local.bench.HudiSinkBenchmark \
  --bare-classpath "$OUT/bare-writer.classpath" "${TABLES[@]}" \
  --data-dir "$OUT/hudi-sink" --out "$OUT/hudi-sink-vs-bare-writer.md" \
  --command "bench/hudi-sink-vs-bare-writer.sh $*" \
  --revision "$(revision sink/simulator connect-plugins/src/main simulator-source-connector/src/main connectors)" \
  "$@"
