#!/usr/bin/env bash
# Submits a Longitude command to a cluster: scripts/submit.sh --master URL [--deploy-mode client|cluster] <command> [options]
#
#   scripts/submit.sh --master spark://host:7077 ingest --input /data/fhir --warehouse hdfs:///longitude
#   scripts/submit.sh --master yarn train --task mortality-inhospital --model gru --warehouse hdfs:///longitude
#   scripts/submit.sh --master k8s://https://api:6443 cohort --task readmission-30d --warehouse s3a://bucket/longitude
#
# Goes through scripts/longitude (one place for the job jar, JVM flags, Kryo and OMP settings) and adds what a
# shared cluster needs: executor sizing, off-heap headroom for ND4J, UTC everywhere, and the configuration files
# shipped with --files. Files named by --config, --task or --model are shipped too; in cluster deploy mode the
# driver runs remotely, so those arguments are rewritten to the shipped file's name in its working folder (for
# --model as ./NAME: a bare name means a network definition bundled in the job jar).
#
# Standalone (spark://) is tested here (StandaloneClusterIT, client mode). YARN and Kubernetes need a Spark 3.5
# distribution built for them (SPARK_HOME) and cannot be run on the development machine: they are documented,
# not tested. YARN needs HADOOP_CONF_DIR; Kubernetes needs LONGITUDE_K8S_IMAGE (an image with Java 17) and
# LONGITUDE_K8S_UPLOAD_PATH (a Hadoop-compatible folder the job jar is uploaded to, e.g. s3a://bucket/spark-upload).
#
# ingest and run read LONGITUDE_PSEUDONYM_KEY in the driver: in cluster deploy mode give the driver a secret
# (Kubernetes: --conf spark.kubernetes.driver.secretKeyRef.LONGITUDE_PSEUDONYM_KEY=<secret>:<key>) or use client
# mode; never pass the key's value with --conf (Spark shows its conf in the UI and event logs).
#
# Environment (defaults in brackets): LONGITUDE_EXECUTORS [2], LONGITUDE_EXECUTOR_CORES [2],
# LONGITUDE_EXECUTOR_MEMORY [4g], LONGITUDE_EXECUTOR_OVERHEAD [2g] (ND4J allocates its arrays off-heap: without
# this, YARN and Kubernetes kill executors that stay inside their heap), LONGITUDE_YARN_QUEUE [default],
# LONGITUDE_K8S_NAMESPACE [default], LONGITUDE_SPARK_CONF (more spark-submit arguments; they win),
# LONGITUDE_SUBMIT_DRY_RUN=1 prints the scripts/longitude call instead of running it.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
usage() { sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

master=""
deploy_mode=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --master) master=$2; shift 2 ;;
    --master=*) master=${1#--master=}; shift ;;
    --deploy-mode) deploy_mode=$2; shift 2 ;;
    --deploy-mode=*) deploy_mode=${1#--deploy-mode=}; shift ;;
    -h|--help) usage ;;
    *) args+=("$1"); shift ;;
  esac
done
[ -n "$master" ] && [ ${#args[@]} -gt 0 ] || usage

case "$master" in
  spark://*) : "${deploy_mode:=client}" ;;
  yarn|k8s://*)
    : "${deploy_mode:=cluster}"
    if [ -z "${SPARK_HOME:-}" ]; then
      echo "submit: --master $master needs SPARK_HOME (a Spark 3.5 distribution with YARN/Kubernetes support)" >&2
      exit 2
    fi ;;
  local*) : "${deploy_mode:=client}" ;;
  *) echo "submit: unknown master '$master' (spark://…, yarn, k8s://…, local[…])" >&2; exit 2 ;;
esac
case "$deploy_mode" in
  client|cluster) ;;
  *) echo "submit: --deploy-mode must be client or cluster" >&2; exit 2 ;;
esac
if [ "$deploy_mode" = cluster ] && [[ "$master" == spark://* ]]; then
  # A standalone cluster-mode driver gets neither the local job jar nor --files.
  echo "submit: use client mode with a standalone master (the default)" >&2
  exit 2
fi

files=("$root/conf/longitude.conf" "$root/conf/log4j2.properties")
job_args=()
i=0
while [ $i -lt ${#args[@]} ]; do
  a=${args[$i]}
  job_args+=("$a")
  case "$a" in
    --config|--task|--model)
      next=${args[$((i + 1))]:-}
      if [ -f "$next" ]; then
        shipped="$(cd "$(dirname "$next")" && pwd)/$(basename "$next")"
        files+=("$shipped")
        if [ "$deploy_mode" = cluster ]; then
          next=$(basename "$next")
          # A bare name given to --model means a network bundled in the job jar: the shipped file needs a path.
          [ "$a" = --model ] && next="./$next"
        elif [ "$a" = --model ]; then
          next=$shipped
        fi
      fi
      job_args+=("$next")
      i=$((i + 1)) ;;
  esac
  i=$((i + 1))
done
for f in "${files[@]}"; do
  case "$f" in *,*|*' '*) echo "submit: cannot ship a file whose path holds a comma or a space: $f" >&2; exit 2 ;; esac
done
file_list=$(IFS=,; echo "${files[*]}")

conf=(--deploy-mode "$deploy_mode" --files "$file_list"
  --conf "spark.executor.cores=${LONGITUDE_EXECUTOR_CORES:-2}"
  --conf "spark.executor.memory=${LONGITUDE_EXECUTOR_MEMORY:-4g}"
  --conf "spark.executor.memoryOverhead=${LONGITUDE_EXECUTOR_OVERHEAD:-2g}"
  --conf spark.executorEnv.TZ=UTC
  # Training keeps each worker's minibatches in memory between averagings: adding and removing executors
  # mid-run only reshuffles them.
  --conf spark.dynamicAllocation.enabled=false)
case "$master" in
  spark://*)
    conf+=(--conf "spark.cores.max=$(( ${LONGITUDE_EXECUTORS:-2} * ${LONGITUDE_EXECUTOR_CORES:-2} ))") ;;
  yarn)
    conf+=(--num-executors "${LONGITUDE_EXECUTORS:-2}" --queue "${LONGITUDE_YARN_QUEUE:-default}"
      --conf spark.yarn.appMasterEnv.TZ=UTC
      --conf spark.yarn.appMasterEnv.OMP_NUM_THREADS=1
      --conf spark.yarn.maxAppAttempts=1
      # A scheduler only sees a failed application when the cluster-mode submission waits for its end.
      --conf spark.yarn.submit.waitAppCompletion=true) ;;
  k8s://*)
    : "${LONGITUDE_K8S_IMAGE:?submit: set LONGITUDE_K8S_IMAGE for Kubernetes}"
    : "${LONGITUDE_K8S_UPLOAD_PATH:?submit: set LONGITUDE_K8S_UPLOAD_PATH for Kubernetes}"
    conf+=(--conf "spark.executor.instances=${LONGITUDE_EXECUTORS:-2}"
      --conf "spark.kubernetes.container.image=$LONGITUDE_K8S_IMAGE"
      --conf "spark.kubernetes.namespace=${LONGITUDE_K8S_NAMESPACE:-default}"
      --conf "spark.kubernetes.file.upload.path=$LONGITUDE_K8S_UPLOAD_PATH"
      --conf spark.kubernetes.driverEnv.TZ=UTC
      --conf spark.kubernetes.driverEnv.OMP_NUM_THREADS=1
      --conf spark.kubernetes.submission.waitAppCompletion=true) ;;
esac

export LONGITUDE_SPARK_CONF="${conf[*]} ${LONGITUDE_SPARK_CONF:-}"
if [ "${LONGITUDE_SUBMIT_DRY_RUN:-0}" = 1 ]; then
  printf 'LONGITUDE_SPARK_CONF=%q %q --master %q' "$LONGITUDE_SPARK_CONF" "$root/scripts/longitude" "$master"
  printf ' %q' "${job_args[@]}"
  echo
  exit 0
fi
exec "$root/scripts/longitude" --master "$master" "${job_args[@]}"
