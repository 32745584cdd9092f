#!/usr/bin/env bash
# One scheduled batch run (`batch-layer.jar run`: land, then recompute, under the warehouse lock), with its outcome
# in one line. Exit 3 means another run held the lock: that run does the work, so this one is not a failure.
set -uo pipefail

started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
java -XX:MaxRAMPercentage=75 -jar /app/batch-layer.jar run
code=$?
case "$code" in
  0)
    echo "batch-run: run started at $started succeeded (exit 0)"
    ;;
  3)
    echo "batch-run: run started at $started skipped: another run holds the batch lock (exit 3, not an error)"
    code=0
    ;;
  *)
    echo "batch-run: run started at $started FAILED (exit $code); the next scheduled run retries" >&2
    ;;
esac
exit "$code"
