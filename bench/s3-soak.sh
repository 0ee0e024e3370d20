#!/usr/bin/env bash
# Object-storage soak: the repository's simulator, Bronze and Silver connectors on S3Proxy (as ./run.sh --lake s3
# maps them) with a short commit interval and a steady simulator, until each sink has completed --commits commits;
# then checks that commit time, the streams a commit leaves open and the worker's live heap stayed flat and that both
# sinks committed through the end of the topic. Runs io.clickstream.local.ObjectStoreSoak (S3LakeIT runs a 25-commit
# version of it in CI); prints each sink's commit durations and the heap, and fails on a drift.
#
#   bench/s3-soak.sh [--commits 100] [--events-per-second 300] [--commit-interval-ms 2000] [--timeout-minutes 60]
#       [--data-dir local-stack/target/bench/s3-soak]
#   SKIP_BUILD=1 to reuse the last build; OFFLINE=1 for mvn -o; MVN_FLAGS for more Maven flags.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/harness.sh

[[ -z "${SKIP_BUILD:-}" ]] && build_harness
HARNESS_CP="$(harness_classpath)"

exec java -Xmx512m -XX:+UseSerialGC -cp "$HARNESS_CP" \
  -Dclickstream.plugin.path="$PWD/local-stack/target/plugins" \
  -Dclickstream.s3proxy.classpath="$PWD/s3proxy-server/target/classpath.txt" \
  io.clickstream.local.ObjectStoreSoak --connectors "$PWD/connectors" "$@"
