#!/usr/bin/env bash
# Runs one benchmark and prints key=value lines (BENCHMARKS.md records the latest figures):
#   scripts/bench.sh models [args]   recurrent nets: training/inference seq/s, GEMM fraction, gru_vs_lstm_train
#                                    (run twice: OMP_NUM_THREADS=1 and default threads)
#   scripts/bench.sh ingest [args]   ingest vs a HAPI-parse-only pass (ingest_vs_parse), local[2] vs local[1],
#                                    incremental_* (last tenth of the files added to a warehouse of the rest);
#                                    --scales 1,2,4: k copies of the shared bundles, s per million records, peak RSS
#                                    --bundle-mb 100: one 100 MB bundle ingested in a 512 MiB JVM, its peak heap
#                                    --cli-exports A,B: each export through scripts/longitude ingest (README defaults,
#                                    cold JVM): s per million records, peak RSS, and last vs first time per record
#   scripts/bench.sh cohort [args]   cohort job on the shared data scaled 1x, 10x, 100x (--scales 1,10,100;
#                                    --tasks NAME|FILE,…, an ACES YAML too; --driver-memory 4g: own driver, peak RSS)
#   scripts/bench.sh spark-train [args]  distributed training seq/s, 1 vs 2 Spark workers (spark_train_scaling_2w)
#   scripts/bench.sh pipeline [args] the whole run on 1k and 10k patients: time and driver peak RSS ratios
#   scripts/bench.sh export-meds [args]  export-meds of 1k and 10k-patient warehouses: time, rows, driver peak RSS
#   scripts/bench.sh import-meds [args]  ingest --input-format meds of those exports: time, rows/s, driver peak RSS
#   scripts/bench.sh score [args]    score at one as-of on 1k and 10k-patient warehouses: events/s, driver peak RSS,
#                                    and one backtest night (one version trained once, on the 1k warehouse)
#   scripts/bench.sh explain [args]  seconds per 1k scored events with and without explanations (integrated
#                                    gradients, score.explain) of the cohort's samples, on the executors
#   scripts/bench.sh values [args]   test AUROC/AUPRC with CIs, network and baseline, observation values off, as
#                                    tokens, as tokens + last values (--tasks T1,T2 --model M --settings off,tokens,last),
#                                    on the shared bundles or --warehouse W (only read); not a speed benchmark
#   scripts/bench.sh scale-warehouse --from W --to W2 --factor K [--shift-days D]
#                                    not a benchmark: the k-fold copy of a warehouse's visit_sequences the scale
#                                    benchmarks use (fresh keys, dates shifted back by copy × D days), local mode
# LONGITUDE_BENCH_HEAP (default 8g) is the benchmark JVM's -Xmx.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
name=${1:-}
[ -n "$name" ] || { sed -n '2,27p' "$0"; exit 2; }
shift
case "$name" in
  models) module=models; main=io.longitude.models.bench.ModelsBenchmark ;;
  ingest) module=spark-jobs; main=io.longitude.jobs.bench.IngestBenchmark ;;
  cohort) module=spark-jobs; main=io.longitude.jobs.bench.CohortBenchmark ;;
  spark-train) module=spark-jobs; main=io.longitude.jobs.bench.SparkTrainBenchmark ;;
  pipeline) module=spark-jobs; main=io.longitude.jobs.bench.PipelineBenchmark ;;
  export-meds) module=spark-jobs; main=io.longitude.jobs.bench.MedsExportBenchmark ;;
  import-meds) module=spark-jobs; main=io.longitude.jobs.bench.MedsImportBenchmark ;;
  score) module=spark-jobs; main=io.longitude.jobs.bench.ScoreBenchmark ;;
  explain) module=spark-jobs; main=io.longitude.jobs.bench.ExplainBenchmark ;;
  values) module=spark-jobs; main=io.longitude.jobs.bench.ValuesBenchmark ;;
  scale-warehouse) module=spark-jobs; main=io.longitude.jobs.bench.WarehouseScaler ;;
  *) echo "bench: unknown benchmark '$name'" >&2; sed -n '2,27p' "$0" >&2; exit 2 ;;
esac

cd "$root"
cp_file=$root/$module/target/bench.classpath
# Reactor build, nothing installed: the classpath names the sibling modules' target/classes (the module is
# built last, so its classpath file is the one left).
mvn -B -q -ntp -Dstyle.color=never test-compile dependency:build-classpath -pl "$module" -am \
  -Dmdep.outputFile="$cp_file" >&2
jvm_flags=$(sed -n 's:.*<jvm.module.flags>\(.*\)</jvm.module.flags>.*:\1:p' pom.xml)
export SPARK_LOCAL_IP=127.0.0.1

run() {
  # shellcheck disable=SC2086
  java -Xmx"${LONGITUDE_BENCH_HEAP:-8g}" $jvm_flags -Duser.timezone=UTC -Dorg.bytedeco.javacpp.cachedir="$HOME/.javacpp/cache" \
    -Dlog4j.configurationFile="$root/conf/log4j2.properties" -Dspark.master="${SPARK_MASTER:-local[*]}" \
    -cp "$module/target/test-classes:$module/target/classes:$(cat "$cp_file")" "$main" "$@"
}

if [ "$name" = models ]; then
  echo "# OMP_NUM_THREADS=1"
  OMP_NUM_THREADS=1 run "$@"
  echo "# default threads"
  (unset OMP_NUM_THREADS; run "$@")
elif [ "$name" = spark-train ]; then
  # Longitude's executors run one OpenMP thread each (scripts/longitude): small recurrent nets are faster so.
  OMP_NUM_THREADS=1 run "$@"
else
  run "$@"
fi
