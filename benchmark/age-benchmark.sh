#!/usr/bin/env bash
# Compares this project's age encryption (JDK ChaCha20-Poly1305, BouncyCastle scrypt) with the stock age command on
# the same file, both ways.
#
# Usage: benchmark/age-benchmark.sh [SIZE_MIB]      (default 512)
# Environment: ROUNDS (default 3). Needs age, script (util-linux), java, mvn.
#
# Generates SIZE_MIB MiB of random bytes, then times ROUNDS rounds of
#   age -p (work factor 2^18, its default)  and  ours, encrypting, in a fresh JVM, at work factor 2^18
#   age -d on age's file                    and  ours, decrypting our file, in a fresh JVM
# and prints the wall times and the ratios ours / age as medians. Each side's output is decrypted by the other
# tool once and compared with the input, so both sides do the same job.
set -euo pipefail

SIZE_MIB=${1:-512}
ROUNDS=${ROUNDS:-3}
REPO=$(cd "$(dirname "$0")/.." && pwd)
MAIN_CLASS=org.homeautomation.backup.core.internal.crypto.bench.AgeFileTool
export AGE_BENCH_PASSPHRASE="benchmark passphrase"

for tool in age script java mvn cmp; do
    command -v "$tool" >/dev/null || { echo "age-benchmark: '$tool' is needed but not installed" >&2; exit 1; }
done
case "$SIZE_MIB" in ''|*[!0-9]*) echo "age-benchmark: SIZE_MIB must be a whole number" >&2; exit 1;; esac

. "$REPO/benchmark/common.sh"
build_classpath

WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/age-benchmark.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/plain"

# age reads the passphrase from the terminal only: script gives it one, and the passphrase goes to its input.
age_encrypt() { printf '%s\n%s\n' "$AGE_BENCH_PASSPHRASE" "$AGE_BENCH_PASSPHRASE" \
    | script -q -e -c "age -p -o '$WORK/age.age' '$WORK/plain'" /dev/null >/dev/null; }
age_decrypt() { printf '%s\n' "$AGE_BENCH_PASSPHRASE" \
    | script -q -e -c "age -d -o '$2' '$1'" /dev/null >/dev/null; }
ours() { java -cp "$CP" "$MAIN_CLASS" "$@"; }

seconds() { local start end; start=$(date +%s.%N); "$@"; end=$(date +%s.%N); awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "== Checking both directions once ($SIZE_MIB MiB)"
age_encrypt
ours encrypt "$WORK/plain" "$WORK/ours.age" 18
ours decrypt "$WORK/age.age" "$WORK/check1"
age_decrypt "$WORK/ours.age" "$WORK/check2"
cmp -s "$WORK/plain" "$WORK/check1" && cmp -s "$WORK/plain" "$WORK/check2" \
    || { echo "age-benchmark: a round trip between the tools lost bytes" >&2; exit 1; }
rm -f "$WORK/check1" "$WORK/check2"

: > "$WORK/times"
for round in $(seq "$ROUNDS"); do
    ae=$(seconds age_encrypt)
    oe=$(seconds ours encrypt "$WORK/plain" "$WORK/ours.age" 18)
    ad=$(seconds age_decrypt "$WORK/age.age" "$WORK/out-age")
    od=$(seconds ours decrypt "$WORK/ours.age" "$WORK/out-ours")
    printf 'round %d: encrypt age %.2f s, ours %.2f s; decrypt age %.2f s, ours %.2f s\n' "$round" "$ae" "$oe" "$ad" "$od"
    echo "$ae $oe $ad $od" >> "$WORK/times"
done
ae=$(awk '{print $1}' "$WORK/times" | median); oe=$(awk '{print $2}' "$WORK/times" | median)
ad=$(awk '{print $3}' "$WORK/times" | median); od=$(awk '{print $4}' "$WORK/times" | median)
printf 'medians: encrypt age %.2f s, ours %.2f s, ratio %s; decrypt age %.2f s, ours %.2f s, ratio %s\n' \
    "$ae" "$oe" "$(ratio "$oe" "$ae")" "$ad" "$od" "$(ratio "$od" "$ad")"
