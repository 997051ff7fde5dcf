#!/usr/bin/env bash
# Prints a readable summary of a warehouse: the last run's stages, each model's test AUROC (recall@k for
# next-visit-dx) next to its baseline's with the patients it rests on (and "cannot be judged on this data"
# below evaluate.min-positive-patients), the version each model used and why, the open events it scored (and how
# their probabilities were recalibrated, where not as configured), and the HTML reports.
#   scripts/longitude-summary.sh WAREHOUSE
set -euo pipefail
warehouse=${1:?usage: longitude-summary.sh WAREHOUSE}
manifest=$(ls -d "$warehouse"/runs/*/manifest.json 2>/dev/null | sort | tail -1)
[ -n "$manifest" ] || { echo "no run in $warehouse" >&2; exit 1; }
python3 - "$manifest" <<'PY'
import json, re, sys
m = json.load(open(sys.argv[1]))
print(f"Run {m['runId']}: {m['status']}" + (f" (unchanged since {m['unchangedSince']})" if m.get('unchangedSince') else ""))
for s in m.get("stages", []):
    what = " ".join(x for x in (s["stage"], "/".join(y for y in (s.get("task", ""), s.get("model", "")) if y)) if x)
    status = "kept" if s.get("trainedNow") is False else s["status"]
    print(f"  {what:<45} {status:<7} {s['seconds']:>7.1f} s")
fmt = lambda x: f"{x:.3f}" if isinstance(x, (int, float)) else str(x)
for key, v in (m.get("metrics") or {}).items():
    # testAuroc for binary tasks, testRecallAt20 (or the configured middle k) for next-visit-dx
    for test in [k for k in v if re.fullmatch(r"test(Auroc|RecallAt\d+)", k)]:
        name = "AUROC" if test == "testAuroc" else "recall@" + test[len("testRecallAt"):]
        counted = "positive patients" if test == "testAuroc" else "patients with a next visit"
        patients = v.get("testPatients", "not recorded")
        flag = "" if v.get("testJudgeable", True) else ", cannot be judged on this data"
        print(f"  {key:<45} test {name} {fmt(v[test])}  baseline {fmt(v.get('baselineT' + test[1:]))}"
              f"  [{counted}: {patients}{flag}]")
    if v.get("version"):
        promoted = f"; promoted (scores): {v['promoted']}" if v.get("promoted") else ""
        print(f"  {'':<45} version {v['version']}: {v.get('versionReason', '')}{promoted}")
    if v.get("scoredBy"):
        print(f"  {'':<45} scored {v.get('scored')} open events as of {v.get('scoredAsOf')} with {v['scoredBy']}:"
              f" {v.get('scoredBecause', '')}")
    if v.get("scoredRecalibrationReason"):
        applied = {"intercept": "the base rate only is recalibrated", "none": "raw scores, not recalibrated"}
        print(f"  {'':<45} probabilities: {applied.get(v['scoredRecalibration'], v['scoredRecalibration'])}"
              f" ({v['scoredRecalibrationReason']})")
for reason in m.get("degradedBecause") or []:
    print("  degraded:", reason)
PY
echo "Reports:"
ls "$warehouse"/reports/*/*/report.html 2>/dev/null | sed 's/^/  /'
