#!/bin/sh
# Creates the pipeline's topics if they are missing (docker compose runs it once Kafka is healthy): the event topic
# with LogAppendTime, so every record carries the broker's ingest time (docs/design.md#the-boundary-rule), and the DLQ.
set -eu

bootstrap="${LAMBDA_KAFKA_BOOTSTRAP:?LAMBDA_KAFKA_BOOTSTRAP is not set}"
topic="${LAMBDA_KAFKA_TOPIC:-tweets}"
dlq="${LAMBDA_KAFKA_DLQ_TOPIC:-tweets.dlq}"
partitions="${TWEETS_PARTITIONS:-3}"
topics=/opt/kafka/bin/kafka-topics.sh

"$topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$topic" \
  --partitions "$partitions" --replication-factor 1 --config message.timestamp.type=LogAppendTime
"$topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$dlq" \
  --partitions 1 --replication-factor 1
"$topics" --bootstrap-server "$bootstrap" --describe --topic "$topic"
