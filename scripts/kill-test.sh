#!/usr/bin/env bash
# Crash safety of `posture run` (issue 4):
#  1. a 60-day backlog killed with SIGKILL at 20 random moments, then run to completion,
#     gives a history identical (row for row) to an uninterrupted run;
#  2. two runs started at once record exactly one set of cycles;
#  3. a tenant directory with one bad file exits 2 and leaves the database byte-for-byte unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --product posture >/dev/null
posture=.build/debug/posture
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args=(--tenant Fixtures/demo-tenant --schedule Schedules/azure-observed.yaml
      --since 2026-09-01T00:00:00Z --now 2026-10-31T00:00:00Z --quiet)

echo "reference: uninterrupted 60-day backlog"
start=$(date +%s.%N)
"$posture" run --db "$work/reference.sqlite" "${args[@]}"
elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
"$posture" history dump --db "$work/reference.sqlite" > "$work/reference.dump"
cycles=$(grep -c '' < <("$posture" history cycles --db "$work/reference.sqlite" --format csv | tail -n +2))
echo "  $cycles cycles in ${elapsed}s"

echo "killed: SIGKILL at 20 random moments"
RANDOM=20261121
kills=0
for i in $(seq 1 20); do
    "$posture" run --db "$work/killed.sqlite" "${args[@]}" &
    pid=$!
    # A random moment within 1.5/20 of the reference run's duration, so that the 20 kills spread
    # over the whole backlog ($RANDOM read here: in a subshell it would repeat).
    r=$RANDOM
    sleep "$(awk -v e="$elapsed" -v r="$r" 'BEGIN { printf "%.3f", 0.02 + e * 1.5 / 20 * r / 32768 }')"
    if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
    wait "$pid" 2>/dev/null || true
done
"$posture" run --db "$work/killed.sqlite" "${args[@]}"
"$posture" history dump --db "$work/killed.sqlite" > "$work/killed.dump"
if ! cmp -s "$work/reference.dump" "$work/killed.dump"; then
    diff "$work/reference.dump" "$work/killed.dump" | head -20
    echo "FAIL: the history after $kills kills differs from the uninterrupted one"
    exit 1
fi
done_cycles=$(grep -c '' < <("$posture" history cycles --db "$work/killed.sqlite" --format csv | tail -n +2))
echo "  identical after $kills kills landed mid-run ($done_cycles cycles)"

echo "concurrent: two runs at once"
set +e
"$posture" run --db "$work/concurrent.sqlite" "${args[@]}" 2>"$work/first.err" &
first=$!
"$posture" run --db "$work/concurrent.sqlite" "${args[@]}" 2>"$work/second.err" &
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
"$posture" history dump --db "$work/concurrent.sqlite" > "$work/concurrent.dump"
cmp -s "$work/reference.dump" "$work/concurrent.dump" || { echo "FAIL: concurrent runs did not record exactly one set of cycles"; exit 1; }
echo "  exactly one set of cycles"

echo "bad input: one broken file"
cp -r Fixtures/demo-tenant "$work/bad-tenant"
printf '{"id": "/subscriptions/x", "properties": ' > "$work/bad-tenant/exemptions/broken.json"
before=$(sha256sum "$work/reference.sqlite" | cut -d' ' -f1)
set +e
"$posture" run --db "$work/reference.sqlite" --tenant "$work/bad-tenant" --schedule Schedules/azure-observed.yaml --now 2026-11-30T00:00:00Z 2>"$work/bad.err"
code=$?
set -e
after=$(sha256sum "$work/reference.sqlite" | cut -d' ' -f1)
cat "$work/bad.err"
[ "$code" = 2 ] || { echo "FAIL: expected exit 2, got $code"; exit 1; }
[ "$before" = "$after" ] || { echo "FAIL: the database changed"; exit 1; }
echo "  exit 2, database unchanged"
echo "kill test: 3 passed, 0 failed"
