#!/usr/bin/env bash
# Starts the backup runtime (Apache Felix with the Gogo shell and the backup bundles) in the foreground.
# Builds it first when it is missing or when a source of it changed since the last build.
#
#   ./run-felix.sh              build if needed, then start
#   ./run-felix.sh --rebuild    build, then start
#
# In the shell: backup:create first, backup:list, lb; Ctrl-D (or "stop 0") stops the runtime.
# Extra JVM options can be given in JAVA_OPTS, e.g. JAVA_OPTS=-Xmx512m ./run-felix.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
RUNTIME="$ROOT/backup-runtime-felix/target/runtime"
# Marks the start of the last successful build: sources changed after it (also while it ran) mean the runtime is
# out of date. Outside target/runtime, which the build rewrites.
STAMP="$ROOT/backup-runtime-felix/target/run-felix.stamp"
# The modules the runtime is assembled from, and the parent pom.
SOURCES=(pom.xml backup-api backup-support backup-console backup-core backup-agent-local backup-gogo backup-runtime-felix)

needs_build() {
    [ "${1:-}" = "--rebuild" ] && return 0
    [ -f "$STAMP" ] && [ -f "$RUNTIME/bin/felix.jar" ] || return 0
    local changed
    changed="$(cd "$ROOT" && find "${SOURCES[@]}" -name target -prune -o -type f -newer "$STAMP" -print -quit)"
    [ -n "$changed" ]
}

for tool in java mvn; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "run-felix.sh: '$tool' is not on the PATH; install Java 17 and Maven 3.8 or later." >&2
        exit 1
    fi
done

if needs_build "${1:-}"; then
    echo "Building the runtime (mvn package -pl backup-runtime-felix -am); the first build downloads from Maven Central."
    mkdir -p "$(dirname "$STAMP")"
    touch "$STAMP.next"
    # maven.test.skip: the runtime needs the bundles only, not the modules' tests compiled or run.
    (cd "$ROOT" && mvn -q -B -Dmaven.test.skip=true package -pl backup-runtime-felix -am)
    mv "$STAMP.next" "$STAMP"
fi

cd "$RUNTIME"
echo "Starting Apache Felix in $RUNTIME (backups go to $RUNTIME/backups)"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:-} -Dbackup.runtime.home="$RUNTIME" -jar bin/felix.jar
