#!/usr/bin/env bash
# Writes what `posture` prints for the demo month, command by command, into one folder, so that two builds
# can be compared byte for byte (`diff -r A B`): the demo history's `history dump`, every command's
# `--format json` output on the demo tenant and history, and, with --large, `states --format csv` of the
# generated 100k tenant.
#
#   scripts/behaviour-snapshot.sh OUT [--large]      # POSTURE=path/to/posture (default: release build)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: behaviour-snapshot.sh OUT [--large]}
large=${2:-}
posture=${POSTURE:-.build/release/posture}
[ -x "$posture" ] || swift build -c release --product posture >/dev/null
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tenant=Fixtures/demo-tenant
"$posture" demo --out "$work/demo" | sed -e "s|$work|WORK|g" -e "s|$PWD|REPO|g" -e "s/ in [0-9.]* s$/ in (time) s/" > "$out/demo.txt"
db=$work/demo/demo.sqlite
at=2026-11-20T12:00:00Z
run() { local name=$1; shift; "$posture" "$@" > "$out/$name" 2>&1 || echo "exit $?" >> "$out/$name"; }

run history-dump.txt history dump --db "$db"
run history-cycles.json history cycles --db "$db" --format json
run states-tenant.json states "$tenant" --at "$at" --format json
run states-db.json states --db "$db" --at "$at" --format json
run states-db.csv states --db "$db" --at "$at" --format csv
run assessments-tenant.json assessments "$tenant" --at "$at" --format json
run assessments-db.json assessments --db "$db" --at "$at" --format json
run score-tenant.json score "$tenant" --at "$at" --format json
run score-db.json score --db "$db" --at "$at" --format json
run score-teams.json score "$tenant" --at "$at" --by-team --format json
run score-delta.json score delta --db "$db" --from 2026-11-08T00:00:00Z --to 2026-11-29T00:00:00Z --format json
run score-trend.json score trend --db "$db" --since 2026-11-01T00:00:00Z --every day --format json
run score-trend-control.json score trend --db "$db" --since 2026-11-01T00:00:00Z --by control --format json
run compliance-tenant.json compliance "$tenant" --at "$at" --format json
run compliance-detail.json compliance "$tenant" --at "$at" --format detail-json
run compliance-db.json compliance --db "$db" --at "$at" --format json
run exemptions.json exemptions --db "$db" --at "$at" --format json
run mismatch.json mismatch --db "$db" --at "$at" --format json
run review.json review --db "$db" --month 2026-11 --tenant "$tenant" --at 2026-12-01T00:00:00Z --format json
run lag.json lag Fixtures/scenarios/demo.json --format json
run lag-monte-carlo.json lag --monte-carlo 2000 --schedule Schedules/azure-observed.yaml --seed 7 --format json
run validate.txt validate "$tenant"
run check.json check "$tenant" --format json
"$posture" generate --resources 300 --subscriptions 3 --seed 11 --days 3 --out "$work/gen" | sed "s|$work|WORK|g" > "$out/generate.txt"
run generated-states.csv states "$work/gen" --at 2026-11-20T00:00:00Z --format csv

if [ "$large" = --large ]; then
    "$posture" generate --resources 100000 --subscriptions 50 --seed 42 --out "$work/100k" > /dev/null
    "$posture" states "$work/100k" --at 2026-11-20T00:00:00Z --format csv | sha256sum > "$out/states-100k.csv.sha256"
fi
