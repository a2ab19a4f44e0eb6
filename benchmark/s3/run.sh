#!/usr/bin/env bash
# Upload throughput of the S3 backup agent next to the AWS CLI, same file, same S3 server (S3Proxy on loopback, file
# system store, in a JVM of its own), same run; and the agent's peak heap, with the agent's JVM capped at a heap only
# somewhat larger than part size x concurrency, which it would exceed if memory grew with the archive's size.
#
#   benchmark/s3/run.sh [size-MiB] [rounds]        (defaults: 1024 MiB, 5 rounds)
#
# Env: PART_MIB (16), CONCURRENCY (4), AGENT_XMX (128m), WARMUP_MIB (0: the timed upload is the first of a fresh JVM,
# as after a restart of the runtime; e.g. 256: that much is uploaded and deleted first in the same JVM, so that the
# timed upload runs as in a runtime that has been up for a while), STORE_DIR (a folder on /dev/shm when there is one, so that
# the server's disk does not decide the result; set it to a disk folder to include it). The two clients take turns
# (agent first in odd rounds, CLI first in even ones), each upload is deleted and the page cache flushed before the
# next, and the median of the rounds is printed. Not a timed test; figures depend on the machine. Results are in
# docs/s3-agent.md.
set -euo pipefail

SIZE_MIB=${1:-1024}
ROUNDS=${2:-5}
PART_MIB=${PART_MIB:-16}
CONCURRENCY=${CONCURRENCY:-4}
AGENT_XMX=${AGENT_XMX:-128m}
WARMUP_MIB=${WARMUP_MIB:-0}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MODULE=$ROOT/backup-agent-s3
WORK=$(mktemp -d /tmp/s3-benchmark.XXXXXX)
if [ -z "${STORE_DIR:-}" ]; then
    if [ -d /dev/shm ] && [ -w /dev/shm ]; then
        STORE_DIR=$(mktemp -d /dev/shm/s3-benchmark-store.XXXXXX)
    else
        STORE_DIR=$WORK/store
    fi
fi
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK" "$STORE_DIR"
}
trap cleanup EXIT

if ! command -v aws >/dev/null; then
    echo "Installing the AWS CLI (Debian package awscli)"
    apt-get update -qq && apt-get install -y -qq awscli >/dev/null
fi

echo "Building backup-agent-s3 and its test class path"
(cd "$ROOT" && mvn -q -o -f backup-agent-s3/pom.xml test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt" >/dev/null)
CP=$MODULE/target/classes:$MODULE/target/test-classes:$(cat "$WORK/classpath.txt")

mkdir -p "$STORE_DIR"
java -Xmx1g -cp "$CP" org.homeautomation.backup.agent.s3.internal.S3ProxyMain "$STORE_DIR" "$WORK/port" \
    >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || { echo "S3Proxy did not start:"; cat "$WORK/server.log"; exit 1; }
ENDPOINT=http://127.0.0.1:$(cat "$WORK/port")

export AWS_ACCESS_KEY_ID=test-access-key AWS_SECRET_ACCESS_KEY=test-secret-key-Zq8Xv2Lp AWS_DEFAULT_REGION=us-east-1
# The CLI with the agent's part size and concurrency, so that both do the same work; the same checksum policy too
# (Content-MD5 only, no CRC trailers, which S3Proxy does not take).
cat >"$WORK/aws-config" <<CONFIG
[default]
request_checksum_calculation = when_required
response_checksum_validation = when_required
s3 =
    multipart_chunksize = ${PART_MIB}MB
    multipart_threshold = ${PART_MIB}MB
    max_concurrent_requests = ${CONCURRENCY}
CONFIG
export AWS_CONFIG_FILE=$WORK/aws-config AWS_SHARED_CREDENTIALS_FILE=/dev/null
aws --endpoint-url "$ENDPOINT" s3 mb s3://bench >/dev/null

echo "Writing a $SIZE_MIB MiB file of random bytes"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom >"$WORK/archive.tar"

echo "Endpoint $ENDPOINT, store $STORE_DIR, part $PART_MIB MiB, concurrency $CONCURRENCY, agent -Xmx$AGENT_XMX," \
    "agent warm-up $WARMUP_MIB MiB, $(nproc) CPUs"
run_agent() {
    java -Xmx"$AGENT_XMX" -cp "$CP" org.homeautomation.backup.agent.s3.internal.S3UploadBenchmark \
        "$ENDPOINT" bench "$WORK/archive.tar" "$PART_MIB" "$CONCURRENCY" "agent-$1" "$WARMUP_MIB" \
        2>>"$WORK/agent.log" \
        | tee -a "$WORK/agent.txt"
    aws --endpoint-url "$ENDPOINT" s3 rm --quiet "s3://bench/agent-$1.tar"
    aws --endpoint-url "$ENDPOINT" s3 rm --quiet "s3://bench/agent-$1.json"
    sync
}
# CPU time of a command (user + system) into $WORK/cli.cpu, with GNU time where there is one.
timed() {
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "%U %S" -o "$WORK/cli.cpu" "$@"
    else
        echo "nan 0" >"$WORK/cli.cpu"
        "$@"
    fi
}
run_cli() {
    local start end
    start=$(date +%s.%N)
    timed aws --endpoint-url "$ENDPOINT" s3 cp --only-show-errors "$WORK/archive.tar" "s3://bench/cli-$1.tar"
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" -v m="$SIZE_MIB" -v cpu="$(awk '{ print $1 + $2 }' "$WORK/cli.cpu")" \
        'BEGIN { printf "aws s3 cp %d MiB in %.2f s = %.1f MiB/s; CPU %.2f s\n", m, e - s, m / (e - s), cpu }' \
        | tee -a "$WORK/cli.txt"
    aws --endpoint-url "$ENDPOINT" s3 rm --quiet "s3://bench/cli-$1.tar"
    sync
}
sync
for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then
        run_agent "$round"; run_cli "$round"
    else
        run_cli "$round"; run_agent "$round"
    fi
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
AGENT=$(sed -E 's/.*= ([0-9.]+) MiB\/s.*/\1/' "$WORK/agent.txt" | median)
CLI=$(sed -E 's/.*= ([0-9.]+) MiB\/s.*/\1/' "$WORK/cli.txt" | median)
AGENT_CPU=$(sed -E 's/.*CPU ([0-9.a-z]+) s.*/\1/' "$WORK/agent.txt" | median)
CLI_CPU=$(sed -E 's/.*CPU ([0-9.a-z]+) s.*/\1/' "$WORK/cli.txt" | median)
PEAK=$(sed -E 's/.*peak ([0-9]+) MiB.*/\1/' "$WORK/agent.txt" | sort -n | tail -1)
awk -v a="$AGENT" -v c="$CLI" -v p="$PEAK" -v r="$ROUNDS" -v ac="$AGENT_CPU" -v cc="$CLI_CPU" 'BEGIN {
    printf "median of %d rounds: agent %.1f MiB/s, aws s3 cp %.1f MiB/s, agent/cli %.2f; CPU agent %.2f s, cli" \
        " %.2f s; agent peak heap %d MiB\n", r, a, c, a / c, ac, cc, p }'
