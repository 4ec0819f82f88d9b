#!/usr/bin/env bash
# The nightly job at scale, one process per step as cron runs it (issue 20): generation, validation, the
# policy cycle without history (`posture states`), the first nightly `posture run` under MCSB on a fresh
# database, and one churn night (every hundredth empty tag set changed). Prints wall time, CPU time
# (user + system) and peak RSS of each step, the same per resource, and the database size after each
# night. Release build; the tenant needs about 2.1 KB of disk a resource.
#
#   scripts/scale-bench.sh RESOURCES SUBSCRIPTIONS [SEED] [WORK]     # POSTURE=path/to/posture
#   scripts/scale-bench.sh 1000000 500 42 /tmp/scale                 # peak 10 GB, 25–45 min
#
# An existing WORK/tenant-RESOURCES-SEED directory is reused (generation is then not timed again).
set -euo pipefail
cd "$(dirname "$0")/.."
resources=${1:?usage: scale-bench.sh RESOURCES SUBSCRIPTIONS [SEED] [WORK]}
subscriptions=${2:?usage: scale-bench.sh RESOURCES SUBSCRIPTIONS [SEED] [WORK]}
seed=${3:-42}
work=${4:-/tmp/posture-scale}
posture=${POSTURE:-.build/release/posture}
[ -x "$posture" ] || swift build -c release --product posture >/dev/null
baseline=${BASELINE:-../shared/azure-policy}
schedule=Schedules/azure-observed.yaml
tenant=$work/tenant-$resources-$seed
churned=$work/tenant-$resources-$seed-night2
db=$work/history-$resources-$seed.sqlite
mkdir -p "$work"

# step NAME COMMAND...: runs the command under /usr/bin/time and prints one line of figures.
step() {
    local name=$1; shift
    local figures
    figures=$(mktemp)
    /usr/bin/time -o "$figures" -f "%e %U %S %M" "$@" > /dev/null
    read -r wall user system peak < "$figures"
    rm -f "$figures"
    awk -v n="$name" -v w="$wall" -v u="$user" -v s="$system" -v p="$peak" -v r="$resources" 'BEGIN {
        cpu = u + s
        printf "%-9s wall %7.1f s  cpu %7.1f s  peak %6.0f MB  %6.1f us/resource  %5.2f KB/resource\n", \
            n, w, cpu, p / 1024, w * 1e6 / r, p / r
    }'
}

if [ ! -d "$tenant" ]; then
    step generate "$posture" generate --resources "$resources" --subscriptions "$subscriptions" --seed "$seed" \
        --baseline "$baseline" --out "$tenant"
fi
step validate "$posture" validate "$tenant"
# Load and one policy cycle without history (the states written as CSV, to /dev/null).
step states "$posture" states "$tenant" --at 2026-11-20T00:00:00Z --format csv

rm -f "$db" "$db-wal" "$db-shm" "$db.lock"
step night-1 "$posture" run --db "$db" --tenant "$tenant" --schedule "$schedule" --now 2026-11-20T00:00:00Z --quiet
echo "database after night 1: $(du -m "$db" | cut -f1) MB"

# Night 2: the same tenant with every hundredth empty tag set changed (files other than
# resources.json are hard links to night 1's).
rm -rf "$churned"
mkdir -p "$churned"
cp -al "$tenant/." "$churned/"
rm "$churned/resources.json"
awk '/"tags": \{\},/ { n++; if (n % 100 == 0) sub(/"tags": \{\}/, "\"tags\": {\"night\": \"2\"}") } { print }' \
    "$tenant/resources.json" > "$churned/resources.json"
step night-2 "$posture" run --db "$db" --tenant "$churned" --schedule "$schedule" --now 2026-11-21T00:00:00Z --quiet
echo "database after night 2: $(du -m "$db" | cut -f1) MB"
