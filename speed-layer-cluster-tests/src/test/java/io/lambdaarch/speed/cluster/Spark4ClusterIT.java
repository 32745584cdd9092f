package io.lambdaarch.speed.cluster;

/**
 * speed-layer-spark-4.x_2.13.jar on a Spark 4 standalone cluster. Its checkpoint stays on a local path: the Spark 4
 * build has no abortable checkpoint manager (no spark-hadoop-cloud for Spark 4.1/4.2) and no hadoop-aws on its test
 * cluster; docs/speed-layer.md says what the rename-based manager risks on S3.
 */
class Spark4ClusterIT extends SpeedLayerClusterContract {
    @Override
    SparkBuild build() {
        return SparkBuild.spark4();
    }
}
