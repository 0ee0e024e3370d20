#!/usr/bin/env bash
# Runs the clickstream pipeline locally: a Kafka broker, Kafka Connect worker(s) with the plugin bundle, every
# connectors/*.json created through the REST API, PostgreSQL and the Gold Spark job (local mode). Needs only Java 17+ and Maven. `./run.sh --help` lists the options;
# docs/local-stack.md describes what runs where.
#
#   ./run.sh                              # run until Ctrl-C, data under ./data
#   ./run.sh --events-per-second 200      # a slower simulator
#   ./run.sh --rebuild                    # rebuild the modules first
#   ./run.sh produce --file bad.txt       # write a file's lines as records to the running stack's events topic
#   ./run.sh replay --silver-connector silver-v2.json   # rebuild Silver from Bronze into a new table (docs/lifecycle.md)
#   ./run.sh forget USER_ID...            # forget users in the lake: suppressed from now on, their rows deleted
#
# Environment: MVN (default mvn), MVN_FLAGS (extra Maven flags, e.g. -o), JAVA_OPTS (launcher JVM flags).
set -euo pipefail
cd "$(dirname "$0")"

# `produce`, `replay` and `forget` work beside a stack already running: they never rebuild (that would replace the running launcher's classes).
main=io.clickstream.local.LocalStack
if [[ "${1:-}" == "produce" ]]; then
  main=io.clickstream.local.ProduceCommand
  shift
elif [[ "${1:-}" == "replay" ]]; then
  main=io.clickstream.local.lifecycle.ReplayCommand
  shift
elif [[ "${1:-}" == "forget" ]]; then
  main=io.clickstream.local.lifecycle.ForgetCommand
  shift
fi

rebuild=false
args=()
for arg in "$@"; do
  if [[ "$arg" == "--rebuild" ]]; then rebuild=true; else args+=("$arg"); fi
done

if ! command -v java >/dev/null 2>&1; then
  echo "run.sh: java not found; install a JDK 17 or newer" >&2
  exit 1
fi
java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
if [[ "${java_major%%.*}" -lt 17 ]]; then
  echo "run.sh: Java 17 or newer is needed, found ${java_major}" >&2
  exit 1
fi

target=local-stack/target
stamp="$target/.run-sh-build"
# Rebuild when asked, when the launcher or the unpacked bundle is missing, or when a source or pom changed since.
needs_build() {
  $rebuild && return 0
  [[ -d "$target/classes" && -d "$target/lib" && -d "$target/plugins" && -f "$stamp" ]] || return 0
  [[ "$main" == io.clickstream.local.LocalStack ]] || return 1
  # every module: each directory with a pom.xml
  local modules=(*/pom.xml)
  [[ -n "$(find pom.xml "${modules[@]%/pom.xml}" \
      \( -path '*/target' -prune \) -o \( -type f -newer "$stamp" -print \) 2>/dev/null | head -1)" ]]
}
if needs_build; then
  echo "Building the plugin bundle and the launcher (mvn -DskipTests install)..."
  ${MVN:-mvn} -B -q ${MVN_FLAGS:-} -DskipTests -pl local-stack -am install
  touch "$stamp"
fi

# The launcher is a plain Java program; each broker and worker it starts is its own JVM (logs: <data-dir>/logs).
exec java ${JAVA_OPTS:--Xmx256m} -Dlog4j2.configurationFile=log4j2-launcher.properties \
  -cp "$target/classes:$target/lib/*" "$main" ${args[@]+"${args[@]}"}
