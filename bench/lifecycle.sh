#!/usr/bin/env bash
# The life cycle jobs (docs/lifecycle.md) on a Bronze table of --rows records written by the sink's own writer: the
# replay into Silver and the dead letters with the shipped connectors' settings, then a forget of ten users over the
# three tables; one line per step with its wall time and the load average. Tables under local-stack/target/bench/lifecycle.
#
#   bench/lifecycle.sh [--rows 1000000]
#   SKIP_BUILD=1 to reuse the last build; OFFLINE=1 for mvn -o.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/harness.sh

ROWS=1000000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) ROWS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ -z "${SKIP_BUILD:-}" ]]; then
  "${MVN[@]}" -pl lake-lifecycle -am install -DskipTests
  "${MVN[@]}" -pl lake-lifecycle test-compile
fi
DIR="$PWD/$OUT/lifecycle"
rm -rf "$DIR" && mkdir -p "$DIR"
echo "revision $(revision 'jobs or writer' lake-lifecycle/src connect-plugins/src)"
echo "load average before $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx3g -cp "$PWD/lake-lifecycle/target/test-classes:$PWD/lake-lifecycle/target/classes:$(cat lake-lifecycle/target/classpath.txt)" \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED \
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false \
  io.clickstream.lifecycle.bench.LifecycleBenchmark --rows "$ROWS" --dir "$DIR" --connectors "$PWD/connectors" 2>&1 \
  | grep -E "^lifecycle|Exception" 
