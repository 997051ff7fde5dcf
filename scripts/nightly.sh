#!/usr/bin/env bash
# The nightly batch, for cron or any scheduler:
#   scripts/nightly.sh --master URL --warehouse DIR --input PATH [--input PATH…] [--config FILE] [--fail-on-degraded]
#                      [--conf KEY=VALUE…]
#
# Submits `longitude run` (ingest → cohort → train → evaluate → report → write-back for the tasks and models of
# the config's run { } block, default conf/nightly.conf) through scripts/submit.sh, so LONGITUDE_EXECUTORS,
# LONGITUDE_SPARK_CONF etc. apply. `run` keeps its own warehouse lock and manifest; this script adds what a
# scheduler needs around the whole submission:
# - Lock: DIR/.nightly.lock holds the pid, host and start time of the submission that owns the warehouse, taken
#   before any JVM starts. A second start is refused (exit 5, as `run` does) while that process lives; a lock
#   left by a dead process on this host is reported as stale and taken over. A lock from another host cannot be
#   checked from here and is never taken over: remove it by hand once that run is known to be dead. For a
#   warehouse that is not a local folder (hdfs://, s3a://) set LONGITUDE_LOCK_FILE (storage every scheduler host
#   shares) and LONGITUDE_LOG_DIR.
# - Log: everything goes to LONGITUDE_LOG_DIR (default DIR/logs)/nightly-<UTC start>-<pid>.log; stdout gets the
#   start, the run's one-line outcome and, on failure, the end of the log (what cron mails).
# - Exit code: run's own (0 ok or nothing to do, 1 failure, 2 configuration, 3 bad input, 4 degraded with
#   --fail-on-degraded, 5 locked).
# On real patient data, run in production mode (ingest { mode = production } in your copy of the config, or
# --conf ingest.mode=production) with LONGITUDE_PSEUDONYM_KEY (≥ 32 bytes) in this script's environment:
# without the key the run then exits 2 before Spark starts. See README.md, "Privacy".
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

master="" warehouse="" config="$root/conf/nightly.conf"
run_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --master) master=$2; shift 2 ;;
    --warehouse) warehouse=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    --input) run_args+=(--input "$2"); shift 2 ;;
    --conf) run_args+=(--conf "$2"); shift 2 ;;
    --fail-on-degraded) run_args+=("$1"); shift ;;
    -h|--help) usage ;;
    *) echo "nightly: unknown option $1" >&2; usage ;;
  esac
done
[ -n "$master" ] && [ -n "$warehouse" ] && [[ " ${run_args[*]:-} " == *" --input "* ]] || usage

case "$warehouse" in
  *://*)
    lock=${LONGITUDE_LOCK_FILE:?nightly: set LONGITUDE_LOCK_FILE for a warehouse that is not a local folder}
    log_dir=${LONGITUDE_LOG_DIR:?nightly: set LONGITUDE_LOG_DIR for a warehouse that is not a local folder} ;;
  *)
    mkdir -p "$warehouse"
    lock=${LONGITUDE_LOCK_FILE:-$warehouse/.nightly.lock}
    log_dir=${LONGITUDE_LOG_DIR:-$warehouse/logs} ;;
esac
mkdir -p "$log_dir" "$(dirname "$lock")"
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
log=$log_dir/nightly-$(date -u +%Y%m%dT%H%M%SZ)-$$.log
host=$(hostname -f 2>/dev/null || hostname)
locked_exit=5

say() { echo "$(date -u +%H:%M:%S) $*" | tee -a "$log"; }

write_lock() { # noclobber makes the create atomic: of two starts at once exactly one writes the file.
  (set -o noclobber; printf 'pid=%s\nhost=%s\nstarted=%s\n' "$$" "$host" "$started" > "$lock") 2>/dev/null
}

take_lock() {
  write_lock && return 0
  local owner_pid owner_host owner_start
  owner_pid=$(sed -n 's/^pid=//p' "$lock" 2>/dev/null || true)
  owner_host=$(sed -n 's/^host=//p' "$lock" 2>/dev/null || true)
  owner_start=$(sed -n 's/^started=//p' "$lock" 2>/dev/null || true)
  if [ "$owner_host" = "$host" ] && [ -n "$owner_pid" ] && ! kill -0 "$owner_pid" 2>/dev/null; then
    say "nightly: stale lock $lock from pid $owner_pid (started $owner_start) whose process is gone: taking it over"
    rm -f "$lock"
    write_lock && return 0
  fi
  say "nightly: another run holds $lock (pid ${owner_pid:-?} on ${owner_host:-?}, started ${owner_start:-?}): not starting"
  exit $locked_exit
}

take_lock
trap 'rm -f "$lock"' EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
say "nightly: started on $host as pid $$, master $master, warehouse $warehouse, config $config; log $log"

t0=$(date +%s)
rc=0
"$root/scripts/submit.sh" --master "$master" run --warehouse "$warehouse" --config "$config" "${run_args[@]}" \
  >> "$log" 2>&1 || rc=$?
outcome=$(grep '^Run ' "$log" | tail -1 || true)
if [ $rc -ne 0 ]; then
  say "nightly: run FAILED with exit code $rc after $(( $(date +%s) - t0 )) s${outcome:+: $outcome}; end of $log:"
  tail -40 "$log"
  exit $rc
fi
say "nightly: ${outcome:-run finished} in $(( $(date +%s) - t0 )) s"
