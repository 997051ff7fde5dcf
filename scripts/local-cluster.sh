#!/usr/bin/env bash
# A real Spark 3.5.9 standalone cluster on this machine: one master and two workers, each its own JVM,
# every socket on 127.0.0.1, built from the Spark runtime that scripts/spark-runtime.sh resolves.
#
#   scripts/local-cluster.sh start    starts it (if not running) and prints the master URL
#   scripts/local-cluster.sh stop     stops the recorded processes
#   scripts/local-cluster.sh status   prints the master URL, or exits 1 when not running
#
# LONGITUDE_CLUSTER_DIR (default ./work/local-cluster) holds pids, logs and the workers' folders
# (executor stdout/stderr persist there); LONGITUDE_WORKER_CORES (1) and LONGITUDE_WORKER_MEMORY (3g)
# size each worker.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state=${LONGITUDE_CLUSTER_DIR:-$root/work/local-cluster}
cores=${LONGITUDE_WORKER_CORES:-1}
memory=${LONGITUDE_WORKER_MEMORY:-3g}
jvm_flags=$(sed -n 's:.*<jvm.module.flags>\(.*\)</jvm.module.flags>.*:\1:p' "$root/pom.xml")

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  for p in $(seq "$1" $(($1 + 200))); do
    if port_free "$p"; then echo "$p"; return; fi
  done
  echo "local-cluster: no free port from $1" >&2; exit 1
}
wait_for() { # file, pattern, seconds
  local i
  for i in $(seq 1 "$3"); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 1
  done
  echo "local-cluster: timed out waiting for '$2' in $1" >&2
  tail -20 "$1" >&2 || true
  return 1
}

spark_home() {
  local jars home=$state/spark-home
  jars=$("$root/scripts/spark-runtime.sh")
  mkdir -p "$home/conf"
  ln -sfn "$jars" "$home/jars"
  echo "$home"
}

daemon() { # name, class, args...
  local name=$1 class=$2; shift 2
  # shellcheck disable=SC2086
  nohup java -Xmx512m $jvm_flags -cp "$SPARK_HOME/conf/:$SPARK_HOME/jars/*" "$class" "$@" \
    > "$state/$name.log" 2>&1 < /dev/null &
  echo $! > "$state/$name.pid"
}

start() {
  mkdir -p "$state"
  if alive "$state/master.pid" && alive "$state/worker-1.pid" && alive "$state/worker-2.pid"; then
    cat "$state/master-url"; return
  fi
  stop >/dev/null
  export SPARK_HOME SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
  SPARK_HOME=$(spark_home)
  local port ui
  port=$(free_port 7077)
  ui=$(free_port 18080)
  daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port "$ui"
  wait_for "$state/master.log" "I have been elected leader" 120
  local url=spark://127.0.0.1:$port
  for w in 1 2; do
    mkdir -p "$state/worker-$w"
    daemon "worker-$w" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$cores" \
      --memory "$memory" --webui-port "$(free_port $((ui + w * 10)))" --work-dir "$state/worker-$w" "$url"
  done
  for w in 1 2; do wait_for "$state/worker-$w.log" "Successfully registered with master" 120; done
  echo "$url" > "$state/master-url"
  echo "$url"
}

stop() {
  local f
  for f in "$state"/worker-2.pid "$state"/worker-1.pid "$state"/master.pid; do
    if alive "$f"; then
      kill "$(cat "$f")"
      for _ in $(seq 1 20); do alive "$f" || break; sleep 0.5; done
      alive "$f" && kill -9 "$(cat "$f")"
    fi
    rm -f "$f"
  done
  rm -f "$state/master-url"
  echo "local-cluster: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    if alive "$state/master.pid"; then cat "$state/master-url"; else echo "local-cluster: not running" >&2; exit 1; fi ;;
  *) sed -n '2,13p' "$0"; exit 2 ;;
esac
