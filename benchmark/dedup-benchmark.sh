#!/usr/bin/env bash
# Measures how much of a nightly backup archive a deduplicating store shares with the night before.
#
# Usage: benchmark/dedup-benchmark.sh [SIZE_MIB]      (default 256)
# Environment: ROUNDS (fresh repositories per kind, default 3: restic draws a new chunking polynomial for each
# repository, so what it adds varies from one to the next; the medians are reported); FRAMES (<min>,<average>,<max> frame sizes in KiB instead of the writer's default, for measuring);
# BENCH_DIR (where the data sets, archives and repositories go; default a new folder under ${TMPDIR:-/var/tmp},
# removed at the end); KEEP=1 to keep that folder (and reuse its data sets).
#
# Builds backup-core, generates day 1 (the archive benchmark's data set plus an SQLite-like database, an event log
# and small round-robin files) and day 2, a copy of day 1 after a night of a home-automation runtime (five
# configuration files edited and one added, openhab.log rotated and a new one started, events.log appended, the
# database grown by 2 MiB of pages with four pages rewritten in place, eight round-robin files updated in place,
# two new files). Then, each pair into a fresh restic repository (stock `restic`, compression on by default in
# repository version 2), reports what the day-2 backup adds to the repository (growth of its data folder):
#   ours     day-1 and day-2 archives of the ArchiveWriter (level 3), `restic backup --stdin`
#   stream   day-1 and day-2 `tar -cf - . | zstd -3 -T0`: one zstd stream, as the writer made before frames
#   raw      `restic backup` of the day-1 and day-2 folders: the best a file-level deduplicating store gets
#   agent    day-1 and day-2 archives uploaded by our restic agent (backup-agent-restic), which cuts an archive along
#            its frames
# It also counts the frames of the day-2 archive that day 1 lacks. See docs/archive-format.md.
set -euo pipefail

SIZE_MIB=${1:-256}
ROUNDS=${ROUNDS:-3}
CORES=$(nproc)
REPO=$(cd "$(dirname "$0")/.." && pwd)
MAIN_CLASS=org.homeautomation.backup.core.internal.archive.bench.ArchiveBenchmark

. "$REPO/benchmark/common.sh"
need_tools dedup-benchmark tar zstd java mvn restic
need_whole_number dedup-benchmark SIZE_MIB "$SIZE_MIB"
need_whole_number dedup-benchmark ROUNDS "$ROUNDS"
build_classpath
module_classpath backup-agent-restic
AGENT_CP=$MODULE_CP
work_dir dedup-benchmark
FREE_MIB=$(df -Pm "$WORK" | awk 'NR == 2 { print $4 }')
NEED_MIB=$((SIZE_MIB * 5 + 256))
if [ ! -d "$WORK/day2" ] && [ "$FREE_MIB" -lt "$NEED_MIB" ]; then
    echo "dedup-benchmark: $WORK has $FREE_MIB MiB free, the benchmark needs about $NEED_MIB MiB" >&2
    exit 1
fi

if [ ! -d "$WORK/day2" ]; then
    echo "== Generating day 1 (about $SIZE_MIB MiB) and day 2"
    rm -rf "$WORK/day1" "$WORK/day2.tmp"
    java -cp "$CP" "$MAIN_CLASS" day1 "$WORK/day1" "$SIZE_MIB"
    cp -a "$WORK/day1" "$WORK/day2.tmp"
    java -cp "$CP" "$MAIN_CLASS" night "$WORK/day2.tmp"
    mv "$WORK/day2.tmp" "$WORK/day2"
fi
DATA_MIB=$(du -sm "$WORK/day1" | cut -f1)
echo "   day 1: $(find "$WORK/day1" -type f | wc -l) files, $DATA_MIB MiB;" \
    "day 2 differs in $(diff -rq "$WORK/day1" "$WORK/day2" | wc -l) files"

echo "== Archives"
for day in day1 day2; do
    rm -f "$WORK/ours-$day.tar" "$WORK/stream-$day.tar.zst"
    java -Xmx64m ${FRAMES:+-Dbench.frames=$FRAMES} -cp "$CP" "$MAIN_CLASS" write "$WORK/ours-$day.tar" 3 "$CORES" \
        "conf=$WORK/$day/conf" "userdata=$WORK/$day/userdata" > /dev/null
    tar -cf - -C "$WORK/$day" . | zstd -3 -T0 -q > "$WORK/stream-$day.tar.zst"
done

export RESTIC_PASSWORD=dedup-benchmark
data_bytes() { du -sb "$1/data" | cut -f1; }
# $1: repository name; $2, $3: what to store for day 1 and day 2 (a file: from standard input; a folder: itself).
# Sets ADDED: the bytes the day-2 backup added to the repository's data.
store_pair() {
    local repo=$WORK/restic-$1
    rm -rf "$repo"
    restic -q -r "$repo" init > /dev/null
    store "$repo" "$2"
    local before
    before=$(data_bytes "$repo")
    store "$repo" "$3"
    ADDED=$(($(data_bytes "$repo") - before))
}
store() {
    if [ -d "$2" ]; then
        (cd "$2" && restic -q --no-cache -r "$1" backup . > /dev/null)
    else
        restic -q --no-cache -r "$1" backup --stdin --stdin-filename backup.tar < "$2" > /dev/null
    fi
}

# The restic agent: day 1 and day 2 into a fresh repository; sets ADDED.
agent_pair() {
    restic_agent_upload "$WORK/agent.out" "$WORK/agent-repo" "$WORK/ours-day1.tar" "$WORK/ours-day2.tar"
    ADDED=$(sed -n 's/^upload_2_added_bytes=//p' "$WORK/agent.out")
}

echo "== restic: day 1, then day 2, into a fresh repository each; $ROUNDS rounds" \
    "(added KiB: ours stream raw agent)"
ALL_OURS=(); ALL_STREAM=(); ALL_RAW=(); ALL_AGENT=()
for round in $(seq "$ROUNDS"); do
    store_pair ours "$WORK/ours-day1.tar" "$WORK/ours-day2.tar"; ALL_OURS+=("$ADDED")
    store_pair stream "$WORK/stream-day1.tar.zst" "$WORK/stream-day2.tar.zst"; ALL_STREAM+=("$ADDED")
    store_pair raw "$WORK/day1" "$WORK/day2"; ALL_RAW+=("$ADDED")
    agent_pair; ALL_AGENT+=("$ADDED")
    echo "   $round: $((ALL_OURS[-1] / 1024)) $((ALL_STREAM[-1] / 1024)) $((ALL_RAW[-1] / 1024))" \
        "$((ALL_AGENT[-1] / 1024))"
done
OURS=$(printf '%s\n' "${ALL_OURS[@]}" | median)
STREAM=$(printf '%s\n' "${ALL_STREAM[@]}" | median)
RAW=$(printf '%s\n' "${ALL_RAW[@]}" | median)
AGENT=$(printf '%s\n' "${ALL_AGENT[@]}" | median)
java -cp "$CP" "$MAIN_CLASS" frames "$WORK/ours-day1.tar" "$WORK/ours-day2.tar" > "$WORK/frames.out"
frames() { sed -n "s/^$1=//p" "$WORK/frames.out"; }

kib() { echo $(($1 / 1024)); }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }
OURS_SIZE=$(stat -c %s "$WORK/ours-day2.tar"); STREAM_SIZE=$(stat -c %s "$WORK/stream-day2.tar.zst")
echo
echo "== Result: day 2 of $DATA_MIB MiB, restic $(restic version | cut -d' ' -f2)${FRAMES:+, frames $FRAMES KiB}"
printf '%-8s %14s %14s %8s %12s\n' what "day-2 size KiB" "added KiB" "% size" "x raw"
printf '%-8s %14s %14s %8s %12s\n' ours "$(kib "$OURS_SIZE")" "$(kib "$OURS")" "$(pct "$OURS" "$OURS_SIZE")" \
    "$(awk -v a="$OURS" -v b="$RAW" 'BEGIN { printf "%.2f", a / b }')"
printf '%-8s %14s %14s %8s %12s\n' stream "$(kib "$STREAM_SIZE")" "$(kib "$STREAM")" \
    "$(pct "$STREAM" "$STREAM_SIZE")" "$(awk -v a="$STREAM" -v b="$RAW" 'BEGIN { printf "%.2f", a / b }')"
printf '%-8s %14s %14s %8s %12s\n' raw "$DATA_MIB MiB" "$(kib "$RAW")" - 1.00
printf '%-8s %14s %14s %8s %12s\n' agent "$(kib "$OURS_SIZE")" "$(kib "$AGENT")" "$(pct "$AGENT" "$OURS_SIZE")" \
    "$(awk -v a="$AGENT" -v b="$RAW" 'BEGIN { printf "%.2f", a / b }')"
echo "(medians of $ROUNDS rounds; target: ours adds at most 1.5 x raw; agent: the same archives through our" \
    "restic agent)"
echo "frames     $(frames new_frames) of the $(frames frames) frames of day 2 are new:" \
    "$(kib "$(frames new_frame_bytes)") KiB, what a store cutting at frame boundaries would add"
