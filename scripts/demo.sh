#!/usr/bin/env bash
# The end-to-end demo on a fresh machine: builds Longitude, generates a Synthea 3.3.0 population
# (aged 60–90 so that there are inpatient stays, readmissions and deaths; cached between runs), and runs
# the pipeline on it in Spark local mode — ingest → cohorts → GRU and LSTM training (with the
# logistic-regression baseline) → evaluation → HTML reports → FHIR RiskAssessment NDJSON — for 30-day
# readmission and in-hospital mortality (conf/nightly.conf), then prints where the reports are.
#   DEMO_PATIENTS (default 200), DEMO_SEED (default 42), DEMO_WAREHOUSE (default ./work/demo)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
patients=${DEMO_PATIENTS:-200}
seed=${DEMO_SEED:-42}
warehouse=${DEMO_WAREHOUSE:-$root/work/demo}

# The resource types Longitude reads (fhir-ingest's FhirFileReader; DemoResourceTypesTest keeps them equal):
# Synthea writes nothing else, so the claims and explanations of benefit, most of a population's bytes, are never made.
read_types=Patient,Encounter,Condition,Procedure,MedicationRequest,MedicationAdministration,Observation,Immunization,AllergyIntolerance,DiagnosticReport,Medication

step() { printf '\n== %s\n' "$*"; }

step "Building Longitude (mvn package, tests skipped)"
mvn -B -q -ntp -Dstyle.color=never -f "$root/pom.xml" -DskipTests package

step "Synthea 3.3.0: $patients patients aged 60-90, seed $seed (first run only: a few minutes)"
input=$("$root/scripts/generate-synthea.sh" --patients "$patients" --seed "$seed" --ages 60-90 --include "$read_types")
echo "FHIR Bulk Data export: $input ($(du -sh "$input" | cut -f1))"

step "Pipeline: ingest, cohorts, training, evaluation, reports, write-back (warehouse $warehouse)"
"$root/scripts/longitude" run --input "$input" --warehouse "$warehouse" --config "$root/conf/nightly.conf" \
  --summary "$warehouse/last-run.json"

step "Results"
"$root/scripts/longitude-summary.sh" "$warehouse"
