# Sourced by the benchmarks. Needs REPO (the repository's root).

# need_tools <benchmark> <tool>...: exits when a tool is missing.
need_tools() {
    local name=$1 tool
    shift
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "$name: '$tool' is needed but not installed" >&2; exit 1; }
    done
}

# need_whole_number <benchmark> <what> <value>
need_whole_number() {
    case "$3" in ''|*[!0-9]*) echo "$1: $2 must be a whole number" >&2; exit 1;; esac
}

# Builds backup-core's test classes (offline when it can) and sets CP to their class path.
build_classpath() {
    echo "== Building backup-core (test classes and classpath)"
    cd "$REPO"
    # backup-api from the local repository when it is installed there, else built in the same reactor.
    if ! build_backup_core -o -pl backup-core > /dev/null 2>&1 && ! build_backup_core -o -pl backup-core -am; then
        echo "(offline build failed, trying online)"
        build_backup_core -pl backup-core -am
    fi
    CP="$REPO/backup-core/target/test-classes:$REPO/backup-core/target/classes"
    CP="$CP:$(cat backup-core/target/benchmark-classpath.txt)"
}
build_backup_core() {
    mvn -q "$@" -DskipTests test-compile dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile=target/benchmark-classpath.txt
}

# work_dir <name>: sets WORK to BENCH_DIR, or to a new folder under ${TMPDIR:-/var/tmp} removed at the end unless
# KEEP=1.
work_dir() {
    if [ -n "${BENCH_DIR:-}" ]; then
        WORK=$BENCH_DIR
        mkdir -p "$WORK"
    else
        WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/$1.XXXXXX")
    fi
    if [ "${KEEP:-0}" != 1 ]; then
        trap 'rm -rf "$WORK"' EXIT
    fi
}

# The median of whole numbers, one a line on standard input.
median() {
    sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# module_classpath <module>: builds the module's test classes with the modules it needs and sets MODULE_CP to its
# test class path.
module_classpath() {
    echo "== Building $1 (test classes and classpath)"
    (cd "$REPO" && mvn -q -pl "$1" -am -DskipTests test-compile dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile=target/benchmark-classpath.txt)
    MODULE_CP="$REPO/$1/target/test-classes:$REPO/$1/target/classes:$(cat "$REPO/$1/target/benchmark-classpath.txt")"
}

# restic_agent_upload <output> <repository> <file>...: our restic agent uploads the files as backups into a new
# repository, in a fresh JVM with a 64 MiB heap (XMX to change it); with WARM_UP set, the JVM first uploads that file
# into a scratch repository (a runtime that has made backups before). Needs AGENT_CP (module_classpath
# backup-agent-restic). The output has key=value lines per upload (see ResticUploadBenchmark).
restic_agent_upload() {
    local out=$1 repo=$2
    shift 2
    rm -rf "$repo"
    java "-Xmx${XMX:-64m}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${WARM_UP:+-Dbench.warmup=$WARM_UP} \
        -cp "$AGENT_CP" org.homeautomation.backup.agent.restic.internal.ResticUploadBenchmark "$repo" "$@" > "$out"
}
