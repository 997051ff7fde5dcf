#!/usr/bin/env bash
# The Python environment of the tests' MEDS checks (spark-jobs/src/test/python): a venv with pyarrow, DuckDB
# and scikit-learn from pip's configured package index (PyPI itself need not be reachable), created once
# under ${LONGITUDE_VENV:-~/.cache/longitude/venv} and re-created when requirements.txt changes.
# Prints the venv's python. Exit 3 when python3 is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${LONGITUDE_VENV:-$HOME/.cache/longitude/venv}
requirements=$root/spark-jobs/src/test/python/requirements.txt
command -v python3 >/dev/null || { echo "python-env: python3 not found" >&2; exit 3; }
want=$(sha256sum "$requirements" | cut -d' ' -f1)
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
  echo "python-env: creating $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  # No retries: an unreachable default index is skipped at once, the configured local one serves.
  "$venv/bin/pip" install -qq --retries 0 --timeout 15 -r "$requirements" >&2
  echo "$want" >"$venv/.requirements.sha256"
fi
echo "$venv/bin/python"
