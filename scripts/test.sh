#!/usr/bin/env bash
# The test command (README, CI): builds every module and runs every test. Needs Java 17 and Maven;
# the first run resolves dependencies from Maven Central and generates a small Synthea 3.3.0
# population (cached under ~/.cache/longitude). Reads ../shared/data/synthea-r4.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
exec mvn -B -ntp -Dstyle.color=never verify "$@"
