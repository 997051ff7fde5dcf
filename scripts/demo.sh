#!/usr/bin/env bash
# The end-to-end demo on a fresh machine: builds Longitude, generates a Synthea 3.3.0 population
# (aged 60–90 so that there are inpatient stays, readmissions and deaths; cached between runs) and
# runs every stage on it in Spark local mode, ending with a readable summary.
#   DEMO_PATIENTS (default 200), DEMO_SEED (default 42), DEMO_WAREHOUSE (default ./work/demo)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
patients=${DEMO_PATIENTS:-200}
seed=${DEMO_SEED:-42}
warehouse=${DEMO_WAREHOUSE:-$root/work/demo}

step() { printf '\n== %s\n' "$*"; }

step "Building Longitude (mvn package, tests skipped)"
mvn -B -q -ntp -Dstyle.color=never -f "$root/pom.xml" -DskipTests package

step "Synthea 3.3.0: $patients patients aged 60-90, seed $seed (first run only: a few minutes)"
input=$("$root/scripts/generate-synthea.sh" --patients "$patients" --seed "$seed" --ages 60-90)
echo "FHIR Bulk Data export: $input ($(du -sh "$input" | cut -f1))"

step "Ingest: FHIR R4 → visit sequences (Parquet) in $warehouse"
"$root/scripts/longitude" ingest --input "$input" --warehouse "$warehouse" --summary "$warehouse/ingest-summary.json"

step "Done"
echo "Warehouse: $warehouse (tables under $warehouse/tables, run summaries under $warehouse/runs)"
