#!/usr/bin/env bash
# The test command (README, CI): builds every module and runs every test, the standalone-cluster
# integration test included. Needs Java 17 and Maven; the report test renders in headless Chromium
# (Debian's chromium package: installed here when missing and running as root, else asked for).
# The first run resolves dependencies from Maven Central and generates a small Synthea 3.3.0
# population (cached under ~/.cache/longitude) and a Python venv with pyarrow, DuckDB and scikit-learn for the
# MEDS export checks (scripts/python-env.sh, cached too). Reads ../shared/data/synthea-r4.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test.sh: installing Debian's chromium for the report test" >&2
    apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2
  else
    echo "test.sh: the report test needs Chromium: install Debian's 'chromium' package (or pass -Dlongitude.chromium=PATH)" >&2
    exit 2
  fi
fi
if python=$(scripts/python-env.sh); then
  set -- "-Dlongitude.python=$python" "$@"
else
  echo "test.sh: no Python environment for the MEDS checks (see above); MedsExportTest says why" >&2
fi
exec mvn -B -ntp -Dstyle.color=never verify "$@"
