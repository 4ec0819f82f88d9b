#!/usr/bin/env bash
# Crash safety of `posture run` on a PostgreSQL history (issue 21), as scripts/kill-test.sh on SQLite:
#  1. a 60-day backlog killed with SIGKILL at 20 random moments, then run to completion, gives a
#     history identical (row for row) to an uninterrupted run, and to the same run on SQLite;
#  2. two runs started at once record exactly one set of cycles (the advisory lock: exit 75);
#  3. a server that cannot be reached is one line and exit 74, the password never printed.
#  4. four workers of a sharded run (`--shard K/4`) started at once record the states, assessments and
#     scores of the uninterrupted run.
# Starts a throwaway cluster (scripts/postgres-cluster.sh), stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/postgres-cluster.sh
postgres_bin || { echo "kill test (PostgreSQL): skipped, PostgreSQL is not installed"; exit 0; }

swift build --product posture >/dev/null
posture=$PWD/.build/debug/posture
start_cluster -c fsync=off
work=$cluster_dir
trap stop_cluster EXIT
for db in reference killed concurrent sharded; do create_database "$db"; done
args=(--tenant Fixtures/demo-tenant --schedule Schedules/azure-observed.yaml
      --since 2026-09-01T00:00:00Z --now 2026-10-31T00:00:00Z --quiet)

echo "reference: uninterrupted 60-day backlog, into PostgreSQL and into SQLite"
start=$(date +%s.%N)
"$posture" run --db "$server/reference" "${args[@]}"
elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
"$posture" history dump --db "$server/reference" > "$work/reference.dump"
"$posture" run --db "$work/reference.sqlite" "${args[@]}"
"$posture" history dump --db "$work/reference.sqlite" > "$work/sqlite.dump"
if ! cmp -s "$work/sqlite.dump" "$work/reference.dump"; then
    diff "$work/sqlite.dump" "$work/reference.dump" | head -20
    echo "FAIL: the PostgreSQL history's dump differs from SQLite's"
    exit 1
fi
echo "  $(grep -c '' "$work/reference.dump") dump lines in ${elapsed}s, identical to SQLite's"

echo "killed: SIGKILL at 20 random moments"
RANDOM=20261121
kills=0
for i in $(seq 1 20); do
    "$posture" run --db "$server/killed" "${args[@]}" &
    pid=$!
    r=$RANDOM
    sleep "$(awk -v e="$elapsed" -v r="$r" 'BEGIN { printf "%.3f", 0.02 + e * 1.5 / 20 * r / 32768 }')"
    if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
    wait "$pid" 2>/dev/null || true
done
"$posture" run --db "$server/killed" "${args[@]}"
"$posture" history dump --db "$server/killed" > "$work/killed.dump"
if ! cmp -s "$work/reference.dump" "$work/killed.dump"; then
    diff "$work/reference.dump" "$work/killed.dump" | head -20
    echo "FAIL: the history after $kills kills differs from the uninterrupted one"
    exit 1
fi
echo "  identical after $kills kills landed mid-run"

echo "concurrent: two runs at once"
set +e
"$posture" run --db "$server/concurrent" "${args[@]}" 2>"$work/first.err" &
first=$!
"$posture" run --db "$server/concurrent" "${args[@]}" 2>"$work/second.err" &
second=$!
wait "$first"; a=$?
wait "$second"; b=$?
set -e
echo "  exit codes $a and $b"
case "$a,$b" in
    0,0 | 0,75 | 75,0) ;;
    *)
        cat "$work/first.err" "$work/second.err"
        echo "FAIL: expected one run to succeed and the other to succeed or exit 75"
        exit 1
        ;;
esac
"$posture" history dump --db "$server/concurrent" > "$work/concurrent.dump"
cmp -s "$work/reference.dump" "$work/concurrent.dump" || { echo "FAIL: concurrent runs did not record exactly one set of cycles"; exit 1; }
echo "  exactly one set of cycles"

echo "sharded: four workers at once"
pids=()
for k in 1 2 3 4; do
    "$posture" run --db "$server/sharded" "${args[@]}" --shard "$k/4" --shard-wait 600 &
    pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || { echo "FAIL: a worker exited $?"; exit 1; }; done
at=2026-10-31T00:00:00Z
for db in reference sharded; do
    {
        "$posture" history cycles --db "$server/$db"
        "$posture" states --db "$server/$db" --at "$at" --format csv
        "$posture" assessments --db "$server/$db" --at "$at" --format json
        "$posture" score --db "$server/$db" --at "$at" --format json
    } > "$work/$db.queries"
done
cmp -s "$work/reference.queries" "$work/sharded.queries" \
    || { diff "$work/reference.queries" "$work/sharded.queries" | head; echo "FAIL: the sharded history differs"; exit 1; }
echo "  cycles, states, assessments and scores identical to the whole run's"

echo "unreachable: a server nobody listens on"
set +e
"$posture" history cycles --db "postgres://posture:hunter2@127.0.0.1:1/reference" 2>"$work/unreachable.err"
code=$?
set -e
cat "$work/unreachable.err"
[ "$code" = 74 ] || { echo "FAIL: expected exit 74, got $code"; exit 1; }
[ "$(grep -c '' "$work/unreachable.err")" = 1 ] || { echo "FAIL: expected one line"; exit 1; }
! grep -q hunter2 "$work/unreachable.err" || { echo "FAIL: the password was printed"; exit 1; }
echo "  exit 74, one line, no password"
echo "kill test (PostgreSQL): 5 passed, 0 failed"
