#!/usr/bin/env bash
# Compares the backup ArchiveWriter with `tar | zstd` on the same generated data set.
#
# Usage: benchmark/archive-benchmark.sh [SIZE_MIB]      (default 1024)
# Environment: ROUNDS (timed rounds, default 3); FRAMES (<min>,<average>,<max> frame sizes in KiB instead of the
# writer's default, for measuring); BENCH_DIR (where the data set and archives go; default a new
# folder under ${TMPDIR:-/var/tmp}, removed at the end); KEEP=1 to keep that folder (and reuse its data set).
#
# Builds backup-core with Maven (offline when it can), generates a data set of about SIZE_MIB MiB (thousands of
# small text files in nested folders and a few large files of mixed compressibility), runs each side once untimed
# to warm the page cache, then times ROUNDS rounds of
#   ref    tar -cf - -C DATA . | zstd -3 -T0 > ref.tar.zst
#   fresh  ArchiveWriter, zstd level 3, one worker per core, in a fresh JVM with -Xmx64m, JVM start included
#   warm   the same in one JVM that writes the archive twice; the second write() is timed, as in a long-running
#          runtime that has made a backup before
# and prints, for each round and as medians, wall and CPU (user + system) times and their ratios to the reference.
# CPU times vary much less than wall times when other work shares the machine. See docs/archive-format.md.
set -euo pipefail

SIZE_MIB=${1:-1024}
ROUNDS=${ROUNDS:-3}
CORES=$(nproc)
REPO=$(cd "$(dirname "$0")/.." && pwd)
MAIN_CLASS=org.homeautomation.backup.core.internal.archive.bench.ArchiveBenchmark

. "$REPO/benchmark/common.sh"
need_tools archive-benchmark tar zstd java mvn sha256sum
need_whole_number archive-benchmark SIZE_MIB "$SIZE_MIB"
build_classpath
work_dir archive-benchmark
DATA=$WORK/data
FREE_MIB=$(df -Pm "$WORK" | awk 'NR == 2 { print $4 }')
NEED_MIB=$((SIZE_MIB * 2 + 256))
if [ ! -d "$DATA" ] && [ "$FREE_MIB" -lt "$NEED_MIB" ]; then
    echo "archive-benchmark: $WORK has $FREE_MIB MiB free, the benchmark needs about $NEED_MIB MiB" >&2
    exit 1
fi

if [ ! -d "$DATA" ]; then
    echo "== Generating about $SIZE_MIB MiB in $DATA"
    java -cp "$CP" "$MAIN_CLASS" generate "$DATA" "$SIZE_MIB"
fi
FILES=$(find "$DATA" -type f | wc -l)
DATA_MIB=$(find "$DATA" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s / 1048576 }')
echo "   $FILES files, $DATA_MIB MiB"

# Runs a command; sets WALL_MS and CPU_MS (user + system time of it and its children).
# The command's own errors go to the terminal through descriptor 3.
exec 3>&2
timed() {
    local t
    t=$( { TIMEFORMAT='%R %U %S'; time "$@" > /dev/null 2>&3; } 2>&1 )
    WALL_MS=$(awk -v r="${t%% *}" 'BEGIN { printf "%d", r * 1000 }')
    CPU_MS=$(echo "$t" | awk '{ printf "%d", ($2 + $3) * 1000 }')
}

run_reference() {
    rm -f "$WORK/ref.tar.zst"
    tar -cf - -C "$DATA" . | zstd -3 -T0 -q > "$WORK/ref.tar.zst"
}

# $1: how many times to write the archive in the one JVM; the output describes the last time.
run_ours() {
    rm -f "$WORK/ours.tar"
    java -Xmx64m -Dbench.repeat="$1" ${FRAMES:+-Dbench.frames=$FRAMES} -cp "$CP" "$MAIN_CLASS" write "$WORK/ours.tar" 3 "$CORES" \
        "conf=$DATA/conf" "userdata=$DATA/userdata" > "$WORK/ours.out"
}

value() { sed -n "s/^$1=//p" "$WORK/ours.out"; }
mib() { echo $(($1 / 1048576)); }
ms() { awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "== Warming the page cache: one untimed run of each"
run_reference
run_ours 1

echo "== $ROUNDS timed rounds on $CORES cores (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
echo "   wall and CPU (user + system) milliseconds; ratios are ours / reference"
printf '%-5s %7s %7s | %7s %5s %7s %5s | %7s %5s %7s %5s | %5s\n' round ref ref_cpu \
    fresh ratio cpu ratio warm ratio cpu ratio heap
REF=(); REF_CPU=(); FRESH=(); FRESH_CPU=(); WARM=(); WARM_CPU=()
for round in $(seq "$ROUNDS"); do
    timed run_reference
    REF+=("$WALL_MS"); REF_CPU+=("$CPU_MS")
    timed run_ours 1
    FRESH+=("$WALL_MS"); FRESH_CPU+=("$CPU_MS")
    heap=$(mib "$(value peak_heap_bytes)")
    run_ours 2
    WARM+=("$(ms "$(value write_seconds)")"); WARM_CPU+=("$(ms "$(value write_cpu_seconds)")")
    i=$((round - 1))
    r=${REF[i]}; rc=${REF_CPU[i]}; f=${FRESH[i]}; fc=${FRESH_CPU[i]}; w=${WARM[i]}; wc=${WARM_CPU[i]}
    printf '%-5s %7s %7s | %7s %5s %7s %5s | %7s %5s %7s %5s | %4sM\n' "$round" "$r" "$rc" \
        "$f" "$(ratio "$f" "$r")" "$fc" "$(ratio "$fc" "$rc")" "$w" "$(ratio "$w" "$r")" "$wc" "$(ratio "$wc" "$rc")" \
        "$heap"
done

m() { printf '%s\n' "$@" | median; }
REF_M=$(m "${REF[@]}"); REF_CPU_M=$(m "${REF_CPU[@]}")
FRESH_M=$(m "${FRESH[@]}"); FRESH_CPU_M=$(m "${FRESH_CPU[@]}")
WARM_M=$(m "${WARM[@]}"); WARM_CPU_M=$(m "${WARM_CPU[@]}")
SHA_OURS=$(value sha256)
SHA_FILE=$(sha256sum "$WORK/ours.tar" | cut -d' ' -f1)
if [ "$SHA_OURS" != "$SHA_FILE" ]; then
    echo "archive-benchmark: the writer reported sha256 $SHA_OURS, the file has $SHA_FILE" >&2
    exit 1
fi
tar -tf "$WORK/ours.tar" > /dev/null

echo
echo "== Result: $DATA_MIB MiB in $FILES files, $CORES cores, medians of $ROUNDS rounds"
echo "reference  tar | zstd -3 -T0      wall $REF_M ms, CPU $REF_CPU_M ms, $(stat -c %s "$WORK/ref.tar.zst") bytes"
echo "fresh      new JVM, -Xmx64m       wall $FRESH_M ms (ratio $(ratio "$FRESH_M" "$REF_M"))," \
    "CPU $FRESH_CPU_M ms (ratio $(ratio "$FRESH_CPU_M" "$REF_CPU_M")), $(stat -c %s "$WORK/ours.tar") bytes"
echo "warm       2nd write() in a JVM   wall $WARM_M ms (ratio $(ratio "$WARM_M" "$REF_M"))," \
    "CPU $WARM_CPU_M ms (ratio $(ratio "$WARM_CPU_M" "$REF_CPU_M"))"
echo "heap       peak $(mib "$(value peak_heap_bytes)") MiB of $(mib "$(value max_heap_bytes)") MiB" \
    "(uncollected garbage included), $(mib "$(value heap_after_last_gc_bytes)") MiB live after the last GC"
REF_BYTES=$(stat -c %s "$WORK/ref.tar.zst"); OURS_BYTES=$(stat -c %s "$WORK/ours.tar")
echo "size       ours / reference = $(awk -v a="$OURS_BYTES" -v b="$REF_BYTES" 'BEGIN { printf "%.4f", a / b }')" \
    "(target: within 2 %; the difference is backup.json, the outer headers and the frames)"
echo "sha256     reported by the writer = sha256sum of the file = $SHA_FILE"
