#!/usr/bin/env bash
# Silver transforms vs the bare libraries they stand on, one thread (figures per core), on the simulator's traffic:
# ParseClickEvent beside Jackson parsing the same JSON, GeoIpEnrich beside a bare MaxMind DatabaseReader with
# CHMCache looking up the same addresses, UserAgentEnrich (cached) beside Yauaa's uncached parse. Builds what it
# needs, runs io.clickstream.connect.transforms.bench.TransformBenchmark (rates per CPU second and by the wall clock)
# and writes the result table (Markdown) to local-stack/target/bench/silver-transforms.md. A minute or two; run it on
# a quiet machine.
#
#   bench/silver-transforms.sh [--records 100000] [--warmup 5] [--passes 7] [--steps parse,geoip,useragent]
#   SKIP_BUILD=1 to reuse the last build; OFFLINE=1 for mvn -o.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/harness.sh

if [[ -z "${SKIP_BUILD:-}" ]]; then
  "${MVN[@]}" -pl simulator-source-connector,connect-plugins install -DskipTests
  "${MVN[@]}" -pl connect-plugins test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$PWD/$OUT/connect-plugins-test.classpath"
fi
CP="$PWD/connect-plugins/target/test-classes:$PWD/connect-plugins/target/classes"
CP="$CP:$(cat "$OUT/connect-plugins-test.classpath")"

exec java -Xmx1g -XX:+UseSerialGC -cp "$CP" \
  io.clickstream.connect.transforms.bench.TransformBenchmark \
  --out "$OUT/silver-transforms.md" \
  --command "bench/silver-transforms.sh $*" \
  --revision "$(revision transforms connect-plugins/src/main)" \
  "$@"
