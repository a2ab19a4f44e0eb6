#!/usr/bin/env bash
# The restic agent against the stock restic, side by side in one run.
#
# Usage: benchmark/restic-benchmark.sh [SIZE_MIB]      (default 1024)
# Environment: ROUNDS (default 3; medians are reported), DEDUP_MIB (size of the incremental data sets, default 256),
# HEAP_GIB (default 0: when set, also fills a repository with that many GiB and uploads the archive into it, in a
# 64 MiB heap: scrypt takes 32 of it), BENCH_DIR and KEEP=1 as in the other benchmarks.
#
# 1. Throughput: the archive of the generated SIZE_MIB data set (the archive benchmark's), uploaded into an empty
#    repository by our agent (ResticUploadBenchmark with -Xmx64m; the time of the upload call, which opens the
#    repository), in a fresh JVM and in a warm one (one that uploaded the day-1 archive before, as a runtime that has
#    made backups), and by `restic backup --stdin` into another (the whole command).
# 2. Incremental: the day-1 and day-2 archives of the deduplication benchmark, each pair into a fresh repository,
#    ours against `restic backup --stdin`: what day 2 adds to the repository's data/ folder.
# 3. Heap: every upload runs with -Xmx64m (XMX=<size> to try another); HEAP_GIB adds one into a repository that
#    already holds that many GiB.
set -euo pipefail

SIZE_MIB=${1:-1024}
ROUNDS=${ROUNDS:-3}
DEDUP_MIB=${DEDUP_MIB:-256}
HEAP_GIB=${HEAP_GIB:-0}
CORES=$(nproc)
REPO=$(cd "$(dirname "$0")/.." && pwd)
ARCHIVE_MAIN=org.homeautomation.backup.core.internal.archive.bench.ArchiveBenchmark

. "$REPO/benchmark/common.sh"
need_tools restic-benchmark java mvn restic
for value in SIZE_MIB ROUNDS DEDUP_MIB HEAP_GIB; do
    need_whole_number restic-benchmark "$value" "${!value}"
done
build_classpath
module_classpath backup-agent-restic
AGENT_CP=$MODULE_CP
work_dir restic-benchmark
FREE_MIB=$(df -Pm "$WORK" | awk 'NR == 2 { print $4 }')
NEED_MIB=$((SIZE_MIB * 2 + DEDUP_MIB * 5 + HEAP_GIB * 2048 + 512))
if [ "$FREE_MIB" -lt "$NEED_MIB" ]; then
    echo "restic-benchmark: $WORK has $FREE_MIB MiB free, the benchmark needs about $NEED_MIB MiB" >&2
    exit 1
fi
export RESTIC_PASSWORD=restic-benchmark

archive() { # <archive> <data folder>
    rm -f "$1"
    java -Xmx64m -cp "$CP" "$ARCHIVE_MAIN" write "$1" 3 "$CORES" "conf=$2/conf" "userdata=$2/userdata" > /dev/null
}
if [ ! -f "$WORK/archive.tar" ]; then
    echo "== Generating about $SIZE_MIB MiB and its archive"
    rm -rf "$WORK/data"
    java -cp "$CP" "$ARCHIVE_MAIN" generate "$WORK/data" "$SIZE_MIB"
    archive "$WORK/archive.tar.tmp" "$WORK/data" && mv "$WORK/archive.tar.tmp" "$WORK/archive.tar"
    rm -rf "$WORK/data"
fi
if [ ! -f "$WORK/day2.tar" ]; then
    echo "== Generating the day-1 and day-2 data sets (about $DEDUP_MIB MiB) and their archives"
    rm -rf "$WORK/day1" "$WORK/day2"
    java -cp "$CP" "$ARCHIVE_MAIN" day1 "$WORK/day1" "$DEDUP_MIB"
    cp -a "$WORK/day1" "$WORK/day2"
    java -cp "$CP" "$ARCHIVE_MAIN" night "$WORK/day2"
    archive "$WORK/day1.tar" "$WORK/day1"
    archive "$WORK/day2.tar.tmp" "$WORK/day2" && mv "$WORK/day2.tar.tmp" "$WORK/day2.tar"
    rm -rf "$WORK/day1" "$WORK/day2"
fi
ARCHIVE_MIB=$(($(stat -c %s "$WORK/archive.tar") / 1048576))

restic_store() { restic -q --no-cache -r "$1" backup --stdin --stdin-filename backup.tar < "$2" > /dev/null; }
fresh_restic() { rm -rf "$1"; restic -q -r "$1" init > /dev/null; }
data_bytes() { du -sb "$1/data" | cut -f1; }
value() { sed -n "s/^$2=//p" "$1"; }
ms() { awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "== Throughput: the $ARCHIVE_MIB MiB archive into an empty repository; $ROUNDS rounds on $CORES cores"
echo "   (load average before: $(cut -d' ' -f1-3 /proc/loadavg)); milliseconds, ratio = restic's time / ours"
printf '%-5s %8s %8s %6s %8s %6s %10s %10s\n' round restic fresh ratio warm ratio "restic MiB" "ours MiB"
RESTIC_MS=(); OURS_MS=(); WARM_MS=()
for round in $(seq "$ROUNDS"); do
    fresh_restic "$WORK/restic-repo"
    start=$(date +%s%N)
    restic_store "$WORK/restic-repo" "$WORK/archive.tar"
    RESTIC_MS+=($((($(date +%s%N) - start) / 1000000)))
    restic_mib=$(($(data_bytes "$WORK/restic-repo") / 1048576))
    rm -rf "$WORK/restic-repo"
    restic_agent_upload "$WORK/ours.out" "$WORK/ours-repo" "$WORK/archive.tar"
    OURS_MS+=("$(ms "$(value "$WORK/ours.out" upload_1_seconds)")")
    ours_mib=$(($(data_bytes "$WORK/ours-repo") / 1048576))
    WARM_UP="$WORK/day1.tar" restic_agent_upload "$WORK/warm.out" "$WORK/ours-repo" "$WORK/archive.tar"
    WARM_MS+=("$(ms "$(value "$WORK/warm.out" upload_1_seconds)")")
    rm -rf "$WORK/ours-repo"
    printf '%-5s %8s %8s %6s %8s %6s %10s %10s\n' "$round" "${RESTIC_MS[-1]}" "${OURS_MS[-1]}" \
        "$(ratio "${RESTIC_MS[-1]}" "${OURS_MS[-1]}")" "${WARM_MS[-1]}" "$(ratio "${RESTIC_MS[-1]}" "${WARM_MS[-1]}")" \
        "$restic_mib" "$ours_mib"
done

echo "== Incremental: day 1, then day 2, into a fresh repository each; $ROUNDS rounds (KiB day 2 adds)"
printf '%-5s %10s %10s %6s\n' round restic ours ratio
RESTIC_ADDED=(); OURS_ADDED=()
for round in $(seq "$ROUNDS"); do
    fresh_restic "$WORK/restic-repo"
    restic_store "$WORK/restic-repo" "$WORK/day1.tar"
    before=$(data_bytes "$WORK/restic-repo")
    restic_store "$WORK/restic-repo" "$WORK/day2.tar"
    RESTIC_ADDED+=($(($(data_bytes "$WORK/restic-repo") - before)))
    rm -rf "$WORK/restic-repo"
    restic_agent_upload "$WORK/ours.out" "$WORK/ours-repo" "$WORK/day1.tar" "$WORK/day2.tar"
    OURS_ADDED+=("$(value "$WORK/ours.out" upload_2_added_bytes)")
    rm -rf "$WORK/ours-repo"
    printf '%-5s %10s %10s %6s\n' "$round" $((RESTIC_ADDED[-1] / 1024)) $((OURS_ADDED[-1] / 1024)) \
        "$(ratio "${OURS_ADDED[-1]}" "${RESTIC_ADDED[-1]}")"
done

if [ "$HEAP_GIB" -gt 0 ]; then
    echo "== Heap: a repository holding $HEAP_GIB GiB of random data, then the archive into it, in a 64 MiB heap"
    head -c $((HEAP_GIB * 1073741824)) /dev/urandom > "$WORK/random.bin"
    if XMX=64m restic_agent_upload "$WORK/heap.out" "$WORK/heap-repo" "$WORK/random.bin" "$WORK/archive.tar"; then
        BIG_HEAP="both uploads done in -Xmx64m, $(du -sm "$WORK/heap-repo" | cut -f1) MiB in the repository"
    else
        BIG_HEAP="FAILED in -Xmx64m (see above)"
    fi
    echo "   $BIG_HEAP"
    rm -rf "$WORK/heap-repo" "$WORK/random.bin"
fi

m() { printf '%s\n' "$@" | median; }
R=$(m "${RESTIC_MS[@]}"); O=$(m "${OURS_MS[@]}"); W=$(m "${WARM_MS[@]}")
RA=$(m "${RESTIC_ADDED[@]}"); OA=$(m "${OURS_ADDED[@]}")
echo
echo "== Result: restic $(restic version | cut -d' ' -f2), $CORES cores, medians of $ROUNDS rounds"
echo "throughput  $ARCHIVE_MIB MiB archive: restic $R ms; ours $O ms in a fresh JVM, $W ms in a warm one:" \
    "ours at $(ratio "$R" "$O") x (fresh) and $(ratio "$R" "$W") x (warm) restic's speed (target at least 1.0)"
echo "incremental day 2 adds: restic $((RA / 1024)) KiB, ours $((OA / 1024)) KiB:" \
    "$(ratio "$OA" "$RA") x restic's (target at most 1.1)"
echo "heap        every upload above ran in -Xmx64m (a failure would have ended the script)" \
    "${BIG_HEAP:+; with $HEAP_GIB GiB in the repository: $BIG_HEAP}"
