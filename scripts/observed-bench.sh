#!/usr/bin/env bash
# The observed-data figures of BENCHMARKS.md: a generated tenant's month-start simulated with
# `--export-observed`, then every exported cycle ingested into a copy of the modelled history in
# order (time and database growth per night), `drift` at the last instant and `calibrate`.
#
#   scripts/observed-bench.sh WORK [RESOURCES] [SUBSCRIPTIONS] [DAYS] [CHURN]   # POSTURE=path (default: release)
#
# CHURN (events a day as a fraction of RESOURCES, default 0.0005) only shapes the simulated
# month-start; what is timed is the ingest of what it exported, drift and calibrate.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:?usage: observed-bench.sh WORK [RESOURCES] [SUBSCRIPTIONS] [DAYS]}
resources=${2:-100000}
subscriptions=${3:-50}
days=${4:-3}
churn=${5:-0.0005}
posture=${POSTURE:-.build/release/posture}
[ -x "$posture" ] || swift build -c release --product posture >/dev/null
rm -rf "$work" && mkdir -p "$work"
now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }
size() { stat -c %s "$1"; }

"$posture" generate --resources "$resources" --subscriptions "$subscriptions" --seed 1 --days "$days" \
    --churn "$churn" --out "$work/tenant" > /dev/null
t0=$(now)
"$posture" simulate "$work/tenant/scenario.json" --db "$work/model.sqlite" --export-observed "$work/observed" \
    --jitter 20 --seed 7 > /dev/null
echo "simulate with export: $(elapsed "$t0" "$(now)") s; observed files: $(du -sm "$work/observed" | cut -f1) MB"
cp "$work/model.sqlite" "$work/h.sqlite"

# One line per ingest: kind, visible day, rows, seconds, database bytes after.
python3 - "$work/observed/observed-cycles.json" > "$work/ingests.tsv" <<'PY'
import json, sys
for e in json.load(open(sys.argv[1])):
    print("\t".join([e["kind"], e["visibleAt"], " ".join(e["files"])]))
PY
printf "night\tkind\trows\tseconds\tdb bytes\n"
while IFS=$'\t' read -r kind visible files; do
    set -- $files
    case $kind in
        policy) args=(ingest states "$work/observed/$1") ;;
        defender) args=(ingest assessments "$work/observed/$1" --visible-at "$visible") ;;
        score) args=(ingest scores "$work/observed/$1" --controls "$work/observed/$2" --visible-at "$visible") ;;
    esac
    t0=$(now)
    line=$("$posture" "${args[@]}" --db "$work/h.sqlite")
    printf "%s\t%s\t%s\t%s\t%s\n" "${visible:0:10}" "$kind" "$(echo "$line" | cut -d' ' -f2)" \
        "$(elapsed "$t0" "$(now)")" "$(size "$work/h.sqlite")"
done < "$work/ingests.tsv"
at=$(tail -1 "$work/ingests.tsv" | cut -f2)
t0=$(now)
"$posture" drift --db "$work/h.sqlite" --at "$at" --format json > "$work/drift.json"
echo "drift at $at: $(elapsed "$t0" "$(now)") s; $(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['pairs'])" "$work/drift.json")"
t0=$(now)
"$posture" calibrate --db "$work/h.sqlite" --out "$work/calibrated.yaml" --format json > /dev/null
echo "calibrate: $(elapsed "$t0" "$(now)") s"
echo "model history: $(size "$work/model.sqlite") bytes; with observed: $(size "$work/h.sqlite") bytes"
