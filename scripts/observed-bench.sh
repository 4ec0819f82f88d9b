#!/usr/bin/env bash
# The observed-data figures of BENCHMARKS.md: a generated tenant's month-start simulated with
# `--export-observed`, then every exported cycle ingested into a copy of the modelled history in
# order (time and database growth per night), `drift` at the last instant and `calibrate`.
#
#   scripts/observed-bench.sh WORK [RESOURCES] [SUBSCRIPTIONS] [DAYS] [CHURN]   # POSTURE=path (default: release)
#
# CHURN (events a day as a fraction of RESOURCES, default 0.0005) only shapes the simulated
# month-start; what is timed is the ingest of what it exported, drift and calibrate.
#
#   scripts/observed-bench.sh --mcsb WORK [RESOURCES] [SUBSCRIPTIONS] [NIGHTS]   # the issue's 300,000 assessments
#
# --mcsb: the generated tenant under MCSB (`--baseline ../shared/azure-policy`, about 3 assessments a
# resource), one `posture run`, the model's assessments and scores written out in Azure's shapes as
# NIGHTS (default 3) nights of observed files, each night flipping 0.5% of the statuses (with that
# night's statusChangeDate) and lowering each score a little, with the model's regulatory compliance
# lists as Azure's, then each night ingested into a copy of the modelled history (wall and CPU time,
# peak RSS, database growth) and `drift` at the last night.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = --mcsb ]; then
    shift
    work=${1:?usage: observed-bench.sh --mcsb WORK [RESOURCES] [SUBSCRIPTIONS] [NIGHTS]}
    resources=${2:-100000}
    subscriptions=${3:-50}
    nights=${4:-3}
    posture=${POSTURE:-.build/release/posture}
    [ -x "$posture" ] || swift build -c release --product posture >/dev/null
    timed() { # LABEL COMMAND...: one line of wall s, CPU s (user + system), peak RSS MB
        /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "${@:2}" > "$work/out.txt"
        read -r wall user sys rss < "$work/time.txt"
        printf "%s\twall %s s\tcpu %s s\tpeak %s MB\n" "$1" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
    }
    now=2026-11-02T12:00:00Z
    # KEEP=1 re-times the ingests and drift on the files an earlier run of the same WORK wrote.
    if [ "${KEEP:-}" != 1 ] || [ ! -s "$work/night$nights-controls.json" ]; then
    rm -rf "$work" && mkdir -p "$work"
    "$posture" generate --resources "$resources" --subscriptions "$subscriptions" --seed 1 \
        --baseline ../shared/azure-policy --out "$work/tenant" > /dev/null
    timed "set-up: posture run (MCSB)" "$posture" run --db "$work/model.sqlite" --tenant "$work/tenant" \
        --schedule Schedules/azure-observed.yaml --now "$now" --quiet
    "$posture" assessments --db "$work/model.sqlite" --at "$now" --format json > "$work/model-assessments.json"
    "$posture" score --db "$work/model.sqlite" --at "$now" --format json > "$work/model-scores.json"
    "$posture" compliance --db "$work/model.sqlite" --at "$now" --format json > "$work/model-compliance.json"
    python3 - "$work" "$nights" <<'PY'
import json, random, sys
work, nights = sys.argv[1], int(sys.argv[2])
assessments = json.load(open(f"{work}/model-assessments.json"))["value"]
scores = json.load(open(f"{work}/model-scores.json"))
own = lambda rows: [r for r in rows if r["id"].lower().startswith("/subscriptions/")]
secure, controls = own(scores["secureScores"]["value"]), own(scores["secureScoreControls"]["value"])
rng = random.Random(7)
for night in range(1, nights + 1):
    day = f"2026-11-{2 + night:02d}T10:00:00Z"
    for a in rng.sample(assessments, len(assessments) // 200) if night > 1 else []:
        status = a["properties"]["status"]
        if status.get("code") in ("Healthy", "Unhealthy"):
            status["code"] = "Unhealthy" if status["code"] == "Healthy" else "Healthy"
            status.pop("cause", None), status.pop("description", None)
            status["statusChangeDate"] = day
    json.dump({"value": assessments}, open(f"{work}/night{night}-assessments.json", "w"), separators=(",", ":"))
    for s in secure + controls:
        score = s["properties"]["score"]
        score["current"] = round(max(0.0, score["current"] - 0.01 * (night - 1)), 2)
        score["percentage"] = round(score["current"] / score["max"], 4) if score["max"] else 0
    json.dump({"value": secure}, open(f"{work}/night{night}-scores.json", "w"), separators=(",", ":"))
    json.dump({"value": controls}, open(f"{work}/night{night}-controls.json", "w"), separators=(",", ":"))
    print(f"{day}\t{len(assessments)}")
compliance = json.load(open(f"{work}/model-compliance.json"))
for name in ("Standards", "Controls", "Assessments"):
    json.dump(compliance["regulatoryCompliance" + name], open(f"{work}/compliance-{name.lower()}.json", "w"))
PY
    fi
    cp "$work/model.sqlite" "$work/h.sqlite"
    echo "load average before ingest: $(cut -d' ' -f1-3 /proc/loadavg); model history $(stat -c %s "$work/h.sqlite") bytes"
    last=
    for night in $(seq 1 "$nights"); do
        day=2026-11-$(printf %02d $((2 + night)))T10:00:00Z
        before=$(stat -c %s "$work/h.sqlite")
        timed "night $night: ingest assessments" "$posture" ingest assessments "$work/night$night-assessments.json" \
            --db "$work/h.sqlite" --visible-at "$day"
        echo "  $(cat "$work/out.txt")"
        timed "night $night: ingest scores" "$posture" ingest scores "$work/night$night-scores.json" \
            --controls "$work/night$night-controls.json" --db "$work/h.sqlite" --visible-at "$day"
        # The generated tenant's MCSB assignment may list no standard (no "ASC": "true" initiative).
        if grep -q '"id"' "$work/compliance-standards.json"; then
            timed "night $night: ingest compliance" "$posture" ingest compliance "$work"/compliance-*.json \
                --db "$work/h.sqlite" --visible-at "$day"
            echo "  $(cat "$work/out.txt")"
        fi
        echo "  growth: $(($(stat -c %s "$work/h.sqlite") - before)) bytes; load $(cut -d' ' -f1-3 /proc/loadavg)"
        last=$day
    done
    timed "drift --format json at $last" "$posture" drift --db "$work/h.sqlite" --at "$last" --format json
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(' ', d['pairs'], len(d['disagreements']), 'disagreements; controls', d['controls'])" "$work/out.txt"
    echo "history with observed: $(stat -c %s "$work/h.sqlite") bytes; load $(cut -d' ' -f1-3 /proc/loadavg)"
    exit 0
fi
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
