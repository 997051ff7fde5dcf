#!/usr/bin/env bash
# Prints the folder of Spark 3.5.9 runtime jars (a "Spark home" without a distribution, see
# ../shared/STACK.md), resolving it with Maven on first use.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jars=$root/scripts/spark-runtime/target/jars
if [ ! -f "$jars/_COMPLETE" ]; then
  rm -rf "$jars"
  mvn -B -q -f "$root/scripts/spark-runtime/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$jars" >&2
  touch "$jars/_COMPLETE"
fi
echo "$jars"
