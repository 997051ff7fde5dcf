"""Longitude's nightly batch as an Apache Airflow DAG: one spark-submit of ``longitude run`` (ingest, cohorts,
training, evaluation, report and write-back for the tasks and models of the run config) through
SparkSubmitOperator. ``run`` is incremental and idempotent and records every stage in its manifest, so one task
is the right unit: a failed night is simply run again.

Needs apache-airflow-providers-apache-spark and a Spark connection (``spark_longitude``: host spark://…:7077,
yarn or k8s://…, with the Spark 3.5 distribution's spark-submit on the worker). ``max_active_runs=1`` takes the
place of nightly.sh's lock (run keeps its own warehouse lock); any non-zero exit of run (1 failure,
2 configuration, 3 bad input, 4 degraded, 5 locked) fails the task. Paths and the deploy mode come from Airflow
Variables, so the file carries no site paths. The run config should set ``ingest { mode = production }``; the
pseudonymisation key comes from the Variable ``longitude_pseudonym_secret``. Documented, not run: there is no Airflow on the development
machine (python -m py_compile checks its syntax).
"""
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

LONGITUDE_HOME = Variable.get("longitude_home", default_var="/opt/longitude")
WAREHOUSE = Variable.get("longitude_warehouse", default_var="hdfs:///data/longitude")
INPUT = Variable.get("longitude_input", default_var="hdfs:///data/fhir-exports")
RUN_CONFIG = Variable.get("longitude_run_config", default_var=f"{LONGITUDE_HOME}/conf/nightly.conf")
# cluster for YARN and Kubernetes; client for a standalone master (its cluster mode ships no files to the driver).
DEPLOY_MODE = Variable.get("longitude_deploy_mode", default_var="cluster")
JOB_JAR = f"{LONGITUDE_HOME}/spark-jobs/target/spark-jobs-0.1.0-SNAPSHOT-job.jar"

# The same settings scripts/submit.sh and scripts/longitude apply.
SPARK_CONF = {
    "spark.sql.session.timeZone": "UTC",
    "spark.serializer": "org.apache.spark.serializer.KryoSerializer",
    "spark.kryo.registrator": "org.nd4j.kryo.Nd4jRegistrator",
    "spark.executorEnv.OMP_NUM_THREADS": "1",
    "spark.executorEnv.TZ": "UTC",
    # spark-submit itself adds the Java 17 module flags (../shared/STACK.md); only the time zone is ours.
    "spark.driver.extraJavaOptions": "-Duser.timezone=UTC",
    "spark.executor.extraJavaOptions": "-Duser.timezone=UTC",
    "spark.executor.memoryOverhead": "2g",
    "spark.dynamicAllocation.enabled": "false",
    # In cluster mode the key below reaches the driver as spark.yarn.appMasterEnv.* / spark.kubernetes.driverEnv.*:
    # Spark's default redaction pattern does not cover its name, so the UI and event logs would show it.
    "spark.redaction.regex": "(?i)secret|password|token|access[.]key|pseudonym",
}


def longitude(task_id, *args):
    """One spark-submit of the job jar running a Longitude command."""
    return SparkSubmitOperator(
        task_id=task_id,
        conn_id="spark_longitude",
        application=JOB_JAR,
        java_class="io.longitude.jobs.cli.LongitudeCli",
        application_args=list(args),
        files=f"{LONGITUDE_HOME}/conf/longitude.conf,{LONGITUDE_HOME}/conf/log4j2.properties,{RUN_CONFIG}",
        conf={**SPARK_CONF, "spark.submit.deployMode": DEPLOY_MODE},
        driver_memory="4g",
        executor_memory="4g",
        executor_cores=2,
        num_executors=2,
        # Rendered when the task runs, so the key is neither read at parse time nor stored in the DAG. The Variable's
        # name contains "secret" so that Airflow masks its value in task logs and rendered templates.
        env_vars={"LONGITUDE_PSEUDONYM_KEY": "{{ var.value.longitude_pseudonym_secret }}"},
        name=f"longitude-{task_id}",
    )


with DAG(
    dag_id="longitude_nightly",
    schedule="30 1 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    # No automatic retry: a retry after a degraded run would find nothing new, exit 0 and hide the drift.
    default_args={"retries": 0, "execution_timeout": timedelta(hours=6)},
    tags=["longitude"],
) as dag:
    # In cluster deploy mode the driver reads the shipped copy of the config from its working folder.
    config = os.path.basename(RUN_CONFIG) if DEPLOY_MODE == "cluster" else RUN_CONFIG
    longitude("run", "run", "--input", INPUT, "--warehouse", WAREHOUSE, "--config", config, "--fail-on-degraded")
