#!/usr/bin/env bash
# The first nightly run of a generated tenant on PostgreSQL against SQLite, and sharded across 1, 2
# and 4 workers started at once on one server (issue 21). Prints each run's wall time, CPU time and
# peak RSS (each worker's, and the wall time of the slowest), then checks that every sharded history
# and the SQLite one answer `history cycles`, `states`, `assessments` and `score` exactly as the whole
# PostgreSQL run does. Release build; a throwaway cluster (scripts/postgres-cluster.sh).
#
#   scripts/shard-bench.sh RESOURCES SUBSCRIPTIONS [SEED] [WORK]     # POSTURE=path/to/posture
#   scripts/shard-bench.sh 100000 50 42 /tmp/shards                  # about 10 minutes
#
# An existing WORK/tenant-RESOURCES-SEED directory is reused.
set -euo pipefail
cd "$(dirname "$0")/.."
resources=${1:?usage: shard-bench.sh RESOURCES SUBSCRIPTIONS [SEED] [WORK]}
subscriptions=${2:?usage: shard-bench.sh RESOURCES SUBSCRIPTIONS [SEED] [WORK]}
seed=${3:-42}
work=${4:-/tmp/posture-shards}
posture=${POSTURE:-.build/release/posture}
[ -x "$posture" ] || swift build -c release --product posture >/dev/null
baseline=${BASELINE:-../shared/azure-policy}
tenant=$work/tenant-$resources-$seed
now=2026-11-20T00:00:00Z
args=(--tenant "$tenant" --schedule Schedules/azure-observed.yaml --now "$now" --quiet)
mkdir -p "$work"
[ -d "$tenant" ] || "$posture" generate --resources "$resources" --subscriptions "$subscriptions" --seed "$seed" \
    --baseline "$baseline" --out "$tenant" >/dev/null

. scripts/postgres-cluster.sh
postgres_bin || { echo "shard bench: PostgreSQL is not installed"; exit 1; }
start_cluster
trap stop_cluster EXIT
for db in whole shards1 shards2 shards4; do create_database "$db"; done

# figures NAME FILE: one line from /usr/bin/time's "%e %U %S %M".
figures() {
    read -r wall user system peak < "$2"
    awk -v n="$1" -v w="$wall" -v u="$user" -v s="$system" -v p="$peak" 'BEGIN {
        printf "  %-22s wall %6.1f s  cpu %6.1f s  peak %5.0f MB\n", n, w, u + s, p / 1024 }'
}

# run NAME DB [ARGS...]: one run, timed.
run() {
    local name=$1 db=$2; shift 2
    /usr/bin/time -o "$work/$name.time" -f "%e %U %S %M" "$posture" run --db "$db" "${args[@]}" "$@"
    figures "$name" "$work/$name.time"
}

echo "first nightly run, $resources resources in $subscriptions subscriptions"
rm -f "$work/whole.sqlite" "$work/whole.sqlite-wal" "$work/whole.sqlite-shm" "$work/whole.sqlite.lock"
run sqlite "$work/whole.sqlite"
run postgres "$server/whole"
for n in 1 2 4; do
    start=$(date +%s.%N)
    pids=()
    for k in $(seq 1 "$n"); do
        /usr/bin/time -o "$work/shard-$k-of-$n.time" -f "%e %U %S %M" \
            "$posture" run --db "$server/shards$n" "${args[@]}" --shard "$k/$n" --shard-wait 3600 &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
    awk -v n="$n" -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "  %d worker(s) at once: wall %.1f s\n", n, b - a }'
    for k in $(seq 1 "$n"); do figures "  worker $k/$n" "$work/shard-$k-of-$n.time"; done
done

queries() {
    "$posture" history cycles --db "$1"
    "$posture" states --db "$1" --at "$now" --format csv
    "$posture" assessments --db "$1" --at "$now" --format json
    "$posture" score --db "$1" --at "$now" --format json
}
queries "$server/whole" > "$work/whole.queries"
for db in "$work/whole.sqlite" "$server/shards1" "$server/shards2" "$server/shards4"; do
    queries "$db" > "$work/other.queries"
    if cmp -s "$work/whole.queries" "$work/other.queries"; then
        echo "  ${db##*/}: the same cycles, states, assessments and scores as the whole PostgreSQL run"
    else
        diff "$work/whole.queries" "$work/other.queries" | head
        echo "FAIL: ${db##*/} differs from the whole PostgreSQL run"
        exit 1
    fi
done
echo "  ($(grep -c '' "$work/whole.queries") lines of answers compared)"
