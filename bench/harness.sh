# Sourced by the bench/*.sh scripts (from the repository root): the build, the harness classpath and the revision
# line every benchmark report carries. SKIP_BUILD=1 reuses the last build; OFFLINE=1 runs mvn -o; MVN_FLAGS adds Maven
# flags (e.g. -Dmaven.repo.local=DIR).
# shellcheck disable=SC2206 # MVN_FLAGS is a list of flags: split it on spaces
MVN=(mvn -B -q ${OFFLINE:+-o} ${MVN_FLAGS:-})
OUT=local-stack/target/bench
mkdir -p "$OUT"

# The bundle (simulator + sink) for plugin.path, the Spark reader for row counts, the harness and its classpath.
# Through the reactor (-am) and installed, parent pom included: the classpath goals below, run on single modules,
# resolve the project's own artifacts from the local repository, which on a fresh clone holds none of them.
build_harness() {
  "${MVN[@]}" -pl local-stack -am install -DskipTests
  "${MVN[@]}" -pl local-stack dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$PWD/$OUT/local-stack-test.classpath"
}

# The harness's classpath, which the broker and worker processes it starts inherit (the bundle zip is not a jar).
harness_classpath() {
  echo "$PWD/local-stack/target/test-classes:$PWD/local-stack/target/classes:$(cat "$OUT/local-stack-test.classpath")"
}

# revision WHAT DIR...: the commit the figures come from, and whether DIR... held uncommitted changes then.
revision() {
  local what=$1
  shift
  echo "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- "$@" 2>/dev/null \
    || echo " + uncommitted changes of the $what")"
}
