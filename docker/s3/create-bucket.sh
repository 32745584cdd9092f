#!/bin/sh
# Creates the archive bucket in the compose S3 server if it is missing (docker compose runs it in the amazon/aws-cli
# image once S3Proxy is healthy). Through the S3 API, as one would against any S3 endpoint.
set -eu

endpoint="${LAMBDA_S3_ENDPOINT:?LAMBDA_S3_ENDPOINT is not set}"
bucket="${LAMBDA_S3_BUCKET:?LAMBDA_S3_BUCKET is not set}"
: "${AWS_ACCESS_KEY_ID:?AWS_ACCESS_KEY_ID is not set}" "${AWS_SECRET_ACCESS_KEY:?AWS_SECRET_ACCESS_KEY is not set}"
# S3Proxy accepts any region; the CLI needs one to sign with.
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
# Path-style URLs (http://s3:9000/bucket): a virtual-hosted name (bucket.s3) does not resolve inside compose.
aws configure set default.s3.addressing_style path

if aws --endpoint-url "$endpoint" s3api head-bucket --bucket "$bucket" > /dev/null 2>&1; then
    echo "bucket $bucket exists"
else
    aws --endpoint-url "$endpoint" s3api create-bucket --bucket "$bucket" > /dev/null
    echo "bucket $bucket created"
fi
aws --endpoint-url "$endpoint" s3api head-bucket --bucket "$bucket"
