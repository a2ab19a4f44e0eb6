#!/usr/bin/env bash
# Compares the backup restore with the stock tools unpacking the same archive, plain and protected.
#
# Usage: benchmark/restore-benchmark.sh [SIZE_MIB]      (default 1024)
# Environment: ROUNDS (timed rounds, default 3); BENCH_DIR (where the data set, archives and restored folders go;
# default a new folder under ${TMPDIR:-/var/tmp}, removed at the end); KEEP=1 to keep that folder (and reuse its data
# set). Needs tar, zstd, age, script (util-linux), java, mvn.
#
# Builds backup-core with Maven (offline when it can), generates the data set of archive-benchmark.sh (about SIZE_MIB
# MiB: thousands of small text files in nested folders, a few large files), writes it once as a plain and once as a
# protected backup archive (contents conf and userdata), then times ROUNDS rounds of
#   ref        for each content: tar -xOf plain.tar C.tar.zst | zstd -d | tar -x    into an emptied folder
#   ours       BackupRestore of plain.tar over live folders holding the data set, in a fresh JVM with -Xmx64m, from
#              the JVM's start (as the JVM reports it) to the restore's return, reading the archive from an agent that streams the file (as the local agent does)
#   ref-age    for each content: tar -xOf protected.tar C.tar.zst.age | age -d | zstd -d | tar -x
#   ours-age   the same restore of protected.tar, with its password, with -Xmx128m (scrypt at the work factor of
#              protected backups, 2^16, needs 64 MiB)
# Ours is timed until the restore returns (the restored folders are in place, committed, every file flushed to disk);
# the old trees are deleted after that in the background, and the time until they are gone is printed too ("gone").
# Ours does what the stock commands do not: SHA-256 of the whole archive, every entry checked, files flushed to disk
# (fsync), the journalled swap with the live folders. Each restored tree is compared with the data set once.
set -euo pipefail

SIZE_MIB=${1:-1024}
ROUNDS=${ROUNDS:-3}
REPO=$(cd "$(dirname "$0")/.." && pwd)
MAIN_CLASS=org.homeautomation.backup.core.internal.restore.bench.RestoreBenchmark
GENERATOR=org.homeautomation.backup.core.internal.archive.bench.ArchiveBenchmark
export RESTORE_BENCH_PASSWORD="benchmark passphrase"

. "$REPO/benchmark/common.sh"
need_tools restore-benchmark tar zstd age script java mvn diff
need_whole_number restore-benchmark SIZE_MIB "$SIZE_MIB"
build_classpath
work_dir restore-benchmark
DATA=$WORK/data
FREE_MIB=$(df -Pm "$WORK" | awk 'NR == 2 { print $4 }')
NEED_MIB=$((SIZE_MIB * 4 + 512))
if [ "$FREE_MIB" -lt "$NEED_MIB" ]; then
    echo "restore-benchmark: $WORK has $FREE_MIB MiB free, the benchmark needs about $NEED_MIB MiB" >&2
    exit 1
fi
if [ ! -d "$DATA" ]; then
    echo "== Generating about $SIZE_MIB MiB in $DATA"
    java -cp "$CP" "$GENERATOR" generate "$DATA" "$SIZE_MIB"
fi
FILES=$(find "$DATA" -type f | wc -l)
DATA_MIB=$(find "$DATA" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s / 1048576 }')
CONTENTS=(conf userdata)
echo "   $FILES files, $DATA_MIB MiB"

echo "== Writing the archives"
for kind in plain protected; do
    password=-
    [ "$kind" = protected ] && password=env
    java -cp "$CP" "$MAIN_CLASS" write "$WORK/$kind.tar" "$password" conf="$DATA/conf" userdata="$DATA/userdata" \
        > "$WORK/$kind.out"
done
value() { sed -n "s/^$2=//p" "$1"; }
echo "   plain $(value "$WORK/plain.out" size) bytes, protected $(value "$WORK/protected.out" size) bytes"

# Runs a command; sets WALL_MS. Its errors go to the terminal through descriptor 3.
exec 3>&2
timed() {
    local start end
    start=$(date +%s%N)
    "$@" > /dev/null 2>&3
    end=$(date +%s%N)
    WALL_MS=$(((end - start) / 1000000))
}

OUT=$WORK/out
LIVE=$WORK/live
empty_out() {
    rm -rf "$OUT"
    for c in "${CONTENTS[@]}"; do mkdir -p "$OUT/$c"; done
    sync
}
# The live folders hold the data set, as after a backup: the restore replaces them.
fill_live() {
    rm -rf "$LIVE" "$WORK/staging"
    mkdir -p "$LIVE" "$WORK/staging"
    cp -a "$DATA/conf" "$DATA/userdata" "$LIVE/"
    sync
}
ref_plain() {
    for c in "${CONTENTS[@]}"; do tar -xOf "$WORK/plain.tar" "$c.tar.zst" | zstd -d -q | tar -x -C "$OUT/$c"; done
}
# age reads the passphrase from the terminal only: script gives it one, and the passphrase goes to its input.
ref_protected() {
    for c in "${CONTENTS[@]}"; do
        printf '%s\n' "$RESTORE_BENCH_PASSWORD" | script -q -e -c "tar -xOf '$WORK/protected.tar' '$c.tar.zst.age' \
            | age -d | zstd -d -q | tar -x -C '$OUT/$c'" /dev/null > /dev/null
    done
}
# scrypt at the work factor of protected backups (2^16) needs 64 MiB by itself.
ours() {
    local kind=$1 password=- heap=64m
    [ "$kind" = protected ] && password=env heap=128m
    java -Xmx$heap -cp "$CP" "$MAIN_CLASS" restore "$WORK/$kind.tar" "$(value "$WORK/$kind.out" size)" \
        "$(value "$WORK/$kind.out" sha256)" "$password" "$WORK/staging" conf="$LIVE/conf" userdata="$LIVE/userdata" \
        > "$WORK/ours.out"
}
same_as_data() {
    for c in "${CONTENTS[@]}"; do
        diff -r "$DATA/$c" "$1/$c" > /dev/null || { echo "restore-benchmark: $1/$c differs from $DATA/$c" >&2; exit 1; }
    done
}
# From the JVM's start to the restore's return; the JVM then waits for the old trees' deletion before it ends.
restored_ms() { ms "$(value "$WORK/ours.out" jvm_start_to_restored_seconds)"; }
mib() { echo $(($1 / 1048576)); }
ms() { awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "== Checking each side once (untimed; warms the page cache)"
empty_out; ref_plain; same_as_data "$OUT"
empty_out; ref_protected; same_as_data "$OUT"
fill_live; ours plain; same_as_data "$LIVE"
fill_live; ours protected; same_as_data "$LIVE"

echo "== $ROUNDS timed rounds on $(nproc) cores (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
echo "   wall milliseconds; ratios are ours / reference; gone: until the old trees were deleted in the background"
printf '%-5s | %7s %7s %5s %7s %5s | %7s %7s %5s %7s %5s\n' round ref ours ratio gone heap \
    ref-age ours ratio gone heap
REF=(); OURS=(); GONE=(); REF_AGE=(); OURS_AGE=(); GONE_AGE=(); HEAP=(); HEAP_AGE=()
for round in $(seq "$ROUNDS"); do
    empty_out; timed ref_plain; REF+=("$WALL_MS")
    fill_live; ours plain; OURS+=("$(restored_ms)")
    gone=$(ms "$(value "$WORK/ours.out" old_trees_deleted_seconds)"); GONE+=("$gone")
    heap=$(mib "$(value "$WORK/ours.out" peak_heap_bytes)"); HEAP+=("$heap")
    empty_out; timed ref_protected; REF_AGE+=("$WALL_MS")
    fill_live; ours protected; OURS_AGE+=("$(restored_ms)")
    gone_age=$(ms "$(value "$WORK/ours.out" old_trees_deleted_seconds)"); GONE_AGE+=("$gone_age")
    heap_age=$(mib "$(value "$WORK/ours.out" peak_heap_bytes)"); HEAP_AGE+=("$heap_age")
    i=$((round - 1))
    printf '%-5s | %7s %7s %5s %7s %4sM | %7s %7s %5s %7s %4sM\n' "$round" "${REF[i]}" "${OURS[i]}" \
        "$(ratio "${OURS[i]}" "${REF[i]}")" "$gone" "$heap" "${REF_AGE[i]}" "${OURS_AGE[i]}" \
        "$(ratio "${OURS_AGE[i]}" "${REF_AGE[i]}")" "$gone_age" "$heap_age"
done

m() { printf '%s\n' "$@" | median; }
REF_M=$(m "${REF[@]}"); OURS_M=$(m "${OURS[@]}"); GONE_M=$(m "${GONE[@]}")
REF_AGE_M=$(m "${REF_AGE[@]}"); OURS_AGE_M=$(m "${OURS_AGE[@]}"); GONE_AGE_M=$(m "${GONE_AGE[@]}")
HEAP_MAX=$(printf '%s\n' "${HEAP[@]}" | sort -n | tail -1)
HEAP_AGE_MAX=$(printf '%s\n' "${HEAP_AGE[@]}" | sort -n | tail -1)
echo
echo "== Result: $DATA_MIB MiB in $FILES files, $(nproc) cores, medians of $ROUNDS rounds"
echo "plain      ref $REF_M ms, ours $OURS_M ms: ratio $(ratio "$OURS_M" "$REF_M")" \
    "(old trees gone after $GONE_M ms)"
echo "protected  ref $REF_AGE_M ms, ours $OURS_AGE_M ms: ratio $(ratio "$OURS_AGE_M" "$REF_AGE_M")" \
    "(old trees gone after $GONE_AGE_M ms)"
echo "heap       peak $HEAP_MAX MiB plain (-Xmx64m), $HEAP_AGE_MAX MiB protected (-Xmx128m; scrypt takes 64 MiB of" \
    "it), uncollected garbage included"
