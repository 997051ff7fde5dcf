#!/usr/bin/env bash
# Prints a readable summary of a warehouse: the last run's stages, each model's test AUROC (recall@k for
# next-visit-dx) next to its baseline's, and the paths of the HTML reports.   scripts/longitude-summary.sh WAREHOUSE
set -euo pipefail
warehouse=${1:?usage: longitude-summary.sh WAREHOUSE}
manifest=$(ls -d "$warehouse"/runs/*/manifest.json 2>/dev/null | sort | tail -1)
[ -n "$manifest" ] || { echo "no run in $warehouse" >&2; exit 1; }
python3 - "$manifest" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
print(f"Run {m['runId']}: {m['status']}" + (f" (unchanged since {m['unchangedSince']})" if m.get('unchangedSince') else ""))
for s in m.get("stages", []):
    what = " ".join(x for x in (s["stage"], s.get("task", ""), s.get("model", "")) if x)
    print(f"  {what:<45} {s['status']:<7} {s['seconds']:>7.1f} s")
for key, v in (m.get("metrics") or {}).items():
    fmt = lambda x: f"{x:.3f}" if isinstance(x, (int, float)) else str(x)
    # testAuroc for binary tasks, testRecallAt20 (or the configured middle k) for next-visit-dx
    for test in [k for k in v if k.startswith("test")]:
        print(f"  {key:<45} test {test[4:]} {fmt(v[test])}  baseline {fmt(v.get('baselineT' + test[1:]))}")
for reason in m.get("degradedBecause") or []:
    print("  degraded:", reason)
PY
echo "Reports:"
ls "$warehouse"/reports/*/*/report.html 2>/dev/null | sed 's/^/  /'
