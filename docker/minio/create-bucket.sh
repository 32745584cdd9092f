#!/bin/sh
# Creates the archive bucket in MinIO if it is missing (docker compose runs it once MinIO is healthy).
set -eu

mc alias set lambda "${MINIO_URL:-http://minio:9000}" "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}"
mc mb --ignore-existing "lambda/${LAMBDA_S3_BUCKET:?LAMBDA_S3_BUCKET is not set}"
mc ls lambda
