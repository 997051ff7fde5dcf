#!/usr/bin/env bash
# The end-to-end demo on a fresh machine: builds Longitude, generates a Synthea 3.3.0 population
# (aged 60–90 so that there are inpatient stays, readmissions and deaths; cached between runs), and runs
# the pipeline on it in Spark local mode — ingest → cohorts → GRU and LSTM training (with the
# logistic-regression baseline) → evaluation → HTML reports → scoring of the open events → FHIR RiskAssessment NDJSON — for 30-day
# readmission and in-hospital mortality (conf/nightly.conf), then prints where the reports are and the
# highest-risk open events.
#   DEMO_PATIENTS (default 500), DEMO_SEED (default 42), DEMO_WAREHOUSE (default ./work/demo)
# It holds out 30 % of the patients for testing (the shipped tasks hold out 15 %), so that its figures rest on
# enough positive patients to be judged.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
patients=${DEMO_PATIENTS:-500}
seed=${DEMO_SEED:-42}
warehouse=${DEMO_WAREHOUSE:-$root/work/demo}

# The resource types Longitude reads (fhir-ingest's ResourceRecords.EXTRACTED_TYPES; DemoResourceTypesTest keeps them equal):
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
  --conf task.split.train=0.55 --conf task.split.test=0.30 --summary "$warehouse/last-run.json"

step "Results"
"$root/scripts/longitude-summary.sh" "$warehouse"

step "The 10 highest-risk open events of this run (pseudonymous keys; RiskAssessments written back)"
python3 - "$warehouse/tables/risk_assessments" <<'PY'
import glob, json, os, sys
events = []
for path in glob.glob(os.path.join(sys.argv[1], "*", "*", "RiskAssessment.ndjson")):
    model_dir = os.path.dirname(path)
    task, model = os.path.basename(os.path.dirname(model_dir)), os.path.basename(model_dir)
    for line in open(path):
        r = json.loads(line)
        for p in r.get("prediction", [])[:1]:
            if "probabilityDecimal" in p and "qualitativeRisk" in p:
                band = p["qualitativeRisk"]["coding"][0]["code"]
                events.append((p["probabilityDecimal"], task, model, r["subject"]["identifier"]["value"],
                               r.get("occurrenceDateTime", ""), band))
if not events:
    print("  no open event was scored as of the run's as-of")
for probability, task, model, patient, at, band in sorted(events, reverse=True)[:10]:
    print(f"  {task + '/' + model:<30} patient {patient[:16]}  predicted at {at:<25} probability {probability:.3f}  {band}")
PY
