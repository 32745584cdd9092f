#!/usr/bin/env bash
# Entry point of the batch image: writes a one-line crontab from LAMBDA_BATCH_SCHEDULE (five cron fields, default
# every 5 minutes) that starts batch-run.sh, then hands the process over to supercronic. supercronic never starts a
# run while the previous one is still going, and SIGTERM (docker stop) lets a running job finish its current step.
set -euo pipefail

schedule="${LAMBDA_BATCH_SCHEDULE:-*/5 * * * *}"
read -ra fields <<<"$schedule"
if [[ ${#fields[@]} -ne 5 ]]; then
  echo "batch-cron: LAMBDA_BATCH_SCHEDULE must have five cron fields (minute hour day month weekday), got: $schedule" >&2
  exit 2
fi

crontab="$(mktemp "${TMPDIR:-/tmp}/lambda-batch.XXXXXX")"
printf '%s %s\n' "$schedule" "$(dirname "$0")/batch-run.sh" >"$crontab"
echo "batch-cron: running the batch job on schedule '$schedule'"
if [[ "${1:-}" == "--print-crontab" ]]; then
  cat "$crontab"
  exit 0
fi
exec supercronic -passthrough-logs -prometheus-listen-address 0.0.0.0:9746 "$crontab"
