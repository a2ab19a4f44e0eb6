#!/usr/bin/env bash
# Starts the backup distribution (Apache Karaf 4.4.10 with the backup features at boot) in the foreground.
# Builds it first when it is missing or when one of its sources changed since the last build.
#
#   ./run-karaf.sh              build if needed, then start
#   ./run-karaf.sh --rebuild    build, then start
#
# At the karaf@root()> prompt: backup:create first, backup:list, backup:agents; "logout" or Ctrl-D stops Karaf.
# Backups go to backup-distribution/target/assembly/data/backups. Extra JVM options: EXTRA_JAVA_OPTS=-Xmx512m ./run-karaf.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
ASSEMBLY="$ROOT/backup-distribution/target/assembly"
# Taken at the start of the last successful build, outside target/assembly which the build rewrites: a source
# newer than it (changed even while the build ran) means the distribution is out of date.
STAMP="$ROOT/backup-distribution/target/run-karaf.stamp"
SOURCES=(pom.xml backup-api backup-support backup-support-s3 backup-console backup-core backup-agent-local backup-agent-s3
         backup-agent-restic backup-karaf-commands backup-webconsole backup-features backup-distribution)

needs_build() {
    [ "${1:-}" = "--rebuild" ] && return 0
    [ -f "$STAMP" ] && [ -x "$ASSEMBLY/bin/karaf" ] || return 0
    local changed
    changed="$(cd "$ROOT" && find "${SOURCES[@]}" -name target -prune -o -type f -newer "$STAMP" -print -quit)"
    [ -n "$changed" ]
}

build() {
    (cd "$ROOT" && mvn -q -B -DskipTests package -pl backup-distribution -am)
}

for tool in java mvn; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "run-karaf.sh: '$tool' is not on the PATH; install Java 17 and Maven 3.8 or later." >&2
        exit 1
    fi
done

if needs_build "${1:-}"; then
    echo "Building the distribution (mvn package -pl backup-distribution -am); the first build downloads from Maven Central."
    mkdir -p "$(dirname "$STAMP")"
    touch "$STAMP.next"
    # The build recreates target/assembly from scratch; the backups made so far are kept across it.
    KEPT="$ROOT/backup-distribution/target/backups.kept"
    if [ -d "$ASSEMBLY/data/backups" ]; then
        rm -rf "$KEPT"
        mv "$ASSEMBLY/data/backups" "$KEPT"
    fi
    build
    if [ -d "$KEPT" ]; then
        mkdir -p "$ASSEMBLY/data"
        mv "$KEPT" "$ASSEMBLY/data/backups"
    fi
    mv "$STAMP.next" "$STAMP"
fi

echo "Starting Apache Karaf in $ASSEMBLY (backups go to $ASSEMBLY/data/backups)"
cd "$ASSEMBLY"
exec bin/karaf
