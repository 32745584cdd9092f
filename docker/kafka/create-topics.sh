#!/bin/sh
# Creates the pipeline's topics if they are missing (docker compose runs it once Kafka is healthy): the event topic
# with LogAppendTime, so every record carries the broker's ingest time (docs/design.md#the-boundary-rule), and the DLQ.
#
# The defaults fit one local broker. In production give each topic three replicas and min.insync.replicas=2
# (docs/deployment.md#production-topics): with the producers' acks=all a write is acknowledged only once two brokers
# hold it, so losing one broker loses no acknowledged event and stops no writer.
set -eu

bootstrap="${LAMBDA_KAFKA_BOOTSTRAP:?LAMBDA_KAFKA_BOOTSTRAP is not set}"
topic="${LAMBDA_KAFKA_TOPIC:-tweets}"
dlq="${LAMBDA_KAFKA_DLQ_TOPIC:-tweets.dlq}"
partitions="${TWEETS_PARTITIONS:-3}"
replication="${TOPIC_REPLICATION_FACTOR:-1}"
min_insync="${TOPIC_MIN_INSYNC_REPLICAS:-1}"
# Client settings for a secured cluster (SASL_SSL, MSK IAM): the same file as LAMBDA_KAFKA_CLIENT_PROPERTIES.
command_config="${KAFKA_COMMAND_CONFIG:-}"
topics="${KAFKA_TOPICS_COMMAND:-/opt/kafka/bin/kafka-topics.sh}"

case "$replication" in ''|*[!0-9]*|0) echo "TOPIC_REPLICATION_FACTOR must be a positive integer, not '$replication'" >&2; exit 2 ;; esac
case "$min_insync" in ''|*[!0-9]*|0) echo "TOPIC_MIN_INSYNC_REPLICAS must be a positive integer, not '$min_insync'" >&2; exit 2 ;; esac
if [ "$min_insync" -gt "$replication" ]; then
  echo "TOPIC_MIN_INSYNC_REPLICAS ($min_insync) must not exceed TOPIC_REPLICATION_FACTOR ($replication): no write could succeed" >&2
  exit 2
fi

set -- --bootstrap-server "$bootstrap"
if [ -n "$command_config" ]; then
  set -- "$@" --command-config "$command_config"
fi

"$topics" "$@" --create --if-not-exists --topic "$topic" \
  --partitions "$partitions" --replication-factor "$replication" \
  --config message.timestamp.type=LogAppendTime --config min.insync.replicas="$min_insync"
"$topics" "$@" --create --if-not-exists --topic "$dlq" \
  --partitions 1 --replication-factor "$replication" --config min.insync.replicas="$min_insync"
"$topics" "$@" --describe --topic "$topic"
