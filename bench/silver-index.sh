#!/usr/bin/env bash
# Silver index choice: a bare HoodieJavaWriteClient upserting Silver rows (simulator traffic with 5 % duplicate
# deliveries, keyed by event_id, partitioned by event_date, ordered by kafka_offset) with each Hudi index preset, one
# fresh JVM per preset and run. Prints each run's result and writes them to local-stack/target/bench/silver-index/.
#
#   bench/silver-index.sh [--records 200000] [--batch 50000] [--replay 2000] [--repeat 1] [PRESET ...]
#       presets: bloom simple global-simple bloom-no-range-pruning (default), bucket record-index (fail: the Java
#       client has no such index), bloom-no-topup (no small-file top-ups: a file per commit), bloom-no-topup-metadata (the same
#       with the metadata table's bloom index; fails in Hudi 1.2.0's Java client: BloomFilter missing)
#   --replay: rows of the previous commit each commit delivers again (a crash's redelivery), 0 for none
#   SKIP_BUILD=1 to reuse the last build; OFFLINE=1 for mvn -o.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/harness.sh

RECORDS=200000
BATCH=50000
REPEAT=1
REPLAY=2000
PRESETS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --records) RECORDS=$2; shift 2 ;;
    --batch) BATCH=$2; shift 2 ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --replay) REPLAY=$2; shift 2 ;;
    *) PRESETS+=("$1"); shift ;;
  esac
done
[[ ${#PRESETS[@]} -eq 0 ]] && PRESETS=(bloom simple global-simple bloom-no-range-pruning)

if [[ -z "${SKIP_BUILD:-}" ]]; then
  "${MVN[@]}" -pl simulator-source-connector install -DskipTests
  "${MVN[@]}" -pl connect-plugins test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$PWD/$OUT/connect-plugins-test.classpath"
fi
CP="$PWD/connect-plugins/target/test-classes:$PWD/connect-plugins/target/classes:$(cat "$OUT/connect-plugins-test.classpath")"
RESULTS="$OUT/silver-index"
mkdir -p "$RESULTS"
echo "revision $(revision 'harness or writer' connect-plugins/src)"
for run in $(seq 1 "$REPEAT"); do
  for preset in "${PRESETS[@]}"; do
    rm -rf "$RESULTS/tables/$preset"
    echo "== $preset, run $run, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    java -Xmx1g -XX:+UseSerialGC -cp "$CP" io.clickstream.connect.hudi.bench.SilverIndexBenchmark --index "$preset" \
      --table-root "file://$PWD/$RESULTS/tables" --records "$RECORDS" --batch "$BATCH" --replay "$REPLAY" \
      --result "$RESULTS/$preset-$run.properties" 2>&1 | grep -E "^($preset commit|[a-zA-Z]+=|Exception)" || echo "$preset failed"
  done
done
