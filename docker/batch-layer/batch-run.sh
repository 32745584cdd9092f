#!/usr/bin/env bash
# One scheduled batch run (`batch-layer.jar run`: land, then recompute, under the warehouse lock), with its outcome
# in one line. Exit 3 means another run held the lock: that run does the work, so this one is not a failure (exit 0).
# Exit 4 means that run has held the lock past LAMBDA_BATCH_LOCK_STALE_AFTER: it is likely stuck and no run will do
# the work until someone looks, so the wrapper exits 4 and supercronic's metrics and logs show a failed job.
set -uo pipefail

started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
# The serial collector and C2 thresholds ten times the defaults: the same options as ./lambda's jvm_defaults for
# batch-layer (ContainerScriptsTest compares the two), and why (docs/batch-layer.md).
java -XX:MaxRAMPercentage=75 -XX:+UseSerialGC -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 \
  -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000 -jar /app/batch-layer.jar run
code=$?
case "$code" in
  0)
    echo "batch-run: run started at $started succeeded (exit 0)"
    ;;
  3)
    echo "batch-run: run started at $started skipped: another run holds the batch lock (exit 3, not an error)"
    code=0
    ;;
  4)
    echo "batch-run: run started at $started could not start: the batch lock is STALE, held past LAMBDA_BATCH_LOCK_STALE_AFTER" \
      "(exit 4); see docs/batch-layer.md#the-batch-lock" >&2
    ;;
  *)
    echo "batch-run: run started at $started FAILED (exit $code); the next scheduled run retries" >&2
    ;;
esac
exit "$code"
