#!/usr/bin/env bash
# Health check for a Kafka client without an HTTP port (ingestion): healthy while this container holds an established
# TCP connection to one of the brokers in LAMBDA_KAFKA_BOOTSTRAP. A producer that lost its broker has none.
set -euo pipefail

ports=()
IFS=',' read -ra servers <<<"${LAMBDA_KAFKA_BOOTSTRAP:?LAMBDA_KAFKA_BOOTSTRAP is not set}"
for server in "${servers[@]}"; do
  ports+=("$(printf '%04X' "${server##*:}")")
done

# /proc/net/tcp{,6}: column 3 is the remote address as HEXIP:HEXPORT, column 4 the state (01 = ESTABLISHED).
for table in /proc/net/tcp /proc/net/tcp6; do
  [[ -r "$table" ]] || continue
  while read -r _ _ remote state _; do
    [[ "$state" == "01" ]] || continue
    for port in "${ports[@]}"; do
      [[ "${remote##*:}" == "$port" ]] && exit 0
    done
  done < <(tail -n +2 "$table")
done
echo "no established connection to a broker of ${LAMBDA_KAFKA_BOOTSTRAP}" >&2
exit 1
