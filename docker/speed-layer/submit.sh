#!/usr/bin/env bash
# Starts the speed layer with spark-submit in client mode: the driver runs in this container, the executors on the
# standalone cluster at SPARK_MASTER_URL. The container's arguments go to the job (e.g. --once); its LAMBDA_*
# settings reach the driver as environment variables. SPARK_SUBMIT_EXTRA_ARGS adds spark-submit options.
set -euo pipefail

log_config=/opt/lambda/log4j2-speed.xml
driver_options=()
if [[ -f "$log_config" ]]; then
  driver_options=(--driver-java-options "-Dlog4j2.configurationFile=file:$log_config")
fi
read -ra extra <<<"${SPARK_SUBMIT_EXTRA_ARGS:-}"

exec /opt/spark/bin/spark-submit \
  --master "${SPARK_MASTER_URL:-spark://spark-master:7077}" \
  --deploy-mode client \
  --name lambda-speed-layer \
  --class io.lambdaarch.speed.cli.SpeedLayerCommand \
  --driver-memory "${SPARK_DRIVER_MEMORY:-1g}" \
  --executor-memory "${SPARK_EXECUTOR_MEMORY:-1g}" \
  --total-executor-cores "${SPARK_TOTAL_EXECUTOR_CORES:-2}" \
  --conf "spark.driver.host=${SPARK_DRIVER_HOST:-$HOSTNAME}" \
  --conf spark.driver.bindAddress=0.0.0.0 \
  --conf "spark.sql.shuffle.partitions=${SPARK_SHUFFLE_PARTITIONS:-4}" \
  "${driver_options[@]}" \
  "${extra[@]}" \
  /opt/lambda/speed-layer.jar "$@"
