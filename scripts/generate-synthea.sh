#!/usr/bin/env bash
# Generates a Synthea 3.3.0 population (FHIR R4) in its own JVM and classpath: Synthea drags HAPI 6.1,
# which must never meet Longitude's HAPI 8. Output is cached: the same arguments reuse the same folder.
#
#   scripts/generate-synthea.sh [--patients N] [--seed S] [--ages MIN-MAX] [--bundles]
#                               [--include Type,Type… | --exclude Type,Type…] [--out DIR]
#
# Prints the folder holding the FHIR files (NDJSON Bulk Data by default; --bundles for one
# transaction bundle per patient). --include exports only those resource types (Synthea's
# exporter.fhir.included_resources; it adds Patient and Encounter itself), --exclude drops the
# ones named (exporter.fhir.excluded_resources): without Claim and ExplanationOfBenefit, which
# Longitude does not read, a population is ~4x smaller and quicker to write.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
patients=200
seed=42
ages=60-90
bulk=true
include=""
exclude=""
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --patients) patients=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --ages) ages=$2; shift 2 ;;
    --bundles) bulk=false; shift ;;
    --include) include=$2; shift 2 ;;
    --exclude) exclude=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "generate-synthea: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$patients" =~ ^[0-9]+$ ]] || { echo "generate-synthea: --patients must be a number" >&2; exit 2; }
[[ -z "$include" || -z "$exclude" ]] || { echo "generate-synthea: --include and --exclude cannot be combined (Synthea takes one)" >&2; exit 2; }
[[ -z "$include" || "$include" =~ ^[A-Za-z]+(,[A-Za-z]+)*$ ]] || { echo "generate-synthea: --include takes resource types separated by commas" >&2; exit 2; }
[[ -z "$exclude" || "$exclude" =~ ^[A-Za-z]+(,[A-Za-z]+)*$ ]] || { echo "generate-synthea: --exclude takes resource types separated by commas" >&2; exit 2; }
[[ "$ages" =~ ^[0-9]+-[0-9]+$ || "$ages" == all ]] || { echo "generate-synthea: --ages must be MIN-MAX or 'all'" >&2; exit 2; }

cache=${LONGITUDE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/longitude}
shape=$([ "$bulk" = true ] && echo ndjson || echo bundles)
suffix=$([ -n "$exclude" ] && echo "-x$(echo "$exclude" | cksum | cut -d' ' -f1)" || true)
suffix=$suffix$([ -n "$include" ] && echo "-i$(echo "$include" | cksum | cut -d' ' -f1)" || true)
out=${out:-$cache/synthea/p$patients-s$seed-a$ages-$shape$suffix}
if [ -f "$out/_SUCCESS" ]; then
  echo "$out/fhir"
  exit 0
fi

cp_file=$cache/synthea/classpath.txt
mkdir -p "$cache/synthea"
if [ ! -s "$cp_file" ] || [ ! -f "$(cut -d: -f1 "$cp_file")" ]; then
  mvn -B -q -f "$root/scripts/synthea/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" >&2
fi

rm -rf "$out"
mkdir -p "$out"
age_args=()
[ "$ages" != all ] && age_args=(-a "$ages")
echo "generate-synthea: $patients patients, seed $seed, ages $ages, $shape → $out" >&2
# Synthea writes ./output and its own logs relative to the working directory: keep them in $out.
(cd "$out" && java -Xmx4g -cp "$(cat "$cp_file")" App -p "$patients" -s "$seed" -cs "$seed" "${age_args[@]}" \
    --exporter.baseDirectory="$out" \
    --exporter.fhir.bulk_data="$bulk" \
    --exporter.hospital.fhir.export=true \
    --exporter.practitioner.fhir.export=true \
    --exporter.fhir.transaction_bundle=true \
    --exporter.fhir.included_resources="$include" \
    --exporter.fhir.excluded_resources="$exclude" \
    > "$out/synthea.log" 2>&1) || { echo "generate-synthea: Synthea failed, see $out/synthea.log" >&2; tail -20 "$out/synthea.log" >&2; exit 1; }
touch "$out/_SUCCESS"
echo "$out/fhir"
