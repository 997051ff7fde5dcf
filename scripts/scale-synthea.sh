#!/usr/bin/env bash
# Multiplies an ingested warehouse k-fold for scale tests (fresh patient/encounter keys, dates shifted
# back by copy × shift-days, so the data end is unchanged):
#   scripts/scale-synthea.sh --from WAREHOUSE --to WAREHOUSE --factor K [--shift-days D] [--master URL]
# e.g. scripts/longitude ingest --input ../shared/data/synthea-r4 --warehouse /tmp/w1
#      scripts/scale-synthea.sh --from /tmp/w1 --to /tmp/w100 --factor 100
#      scripts/longitude cohort --warehouse /tmp/w100 --task readmission-30d
# Only visit_sequences is written (all the cohort job reads). Launches like scripts/longitude.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
master="local[*]"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --master) master=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

jar=$(ls "$root"/spark-jobs/target/spark-jobs-*-job.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ]; then
  echo "scale-synthea: building the job jar (first run)…" >&2
  mvn -B -q -f "$root/pom.xml" -DskipTests package >&2
  jar=$(ls "$root"/spark-jobs/target/spark-jobs-*-job.jar | head -1)
fi
jvm_flags=$(sed -n 's:.*<jvm.module.flags>\(.*\)</jvm.module.flags>.*:\1:p' "$root/pom.xml")
driver_opts="$jvm_flags -Duser.timezone=UTC -Dlog4j.configurationFile=$root/conf/log4j2.properties"
main=io.longitude.jobs.cohort.WarehouseScaleJob

if [ -n "${SPARK_HOME:-}" ]; then
  exec "$SPARK_HOME/bin/spark-submit" --master "$master" --driver-memory "${LONGITUDE_DRIVER_MEMORY:-4g}" \
    --driver-java-options "$driver_opts" --conf spark.sql.session.timeZone=UTC --class "$main" "$jar" "${args[@]}"
fi
spark_jars=$("$root/scripts/spark-runtime.sh")
# shellcheck disable=SC2086
exec java -Xmx"${LONGITUDE_DRIVER_MEMORY:-4g}" $driver_opts -cp "$spark_jars/*" org.apache.spark.deploy.SparkSubmit \
  --master "$master" --conf spark.sql.session.timeZone=UTC \
  --conf "spark.executor.extraJavaOptions=-Duser.timezone=UTC" --class "$main" "$jar" "${args[@]}"
