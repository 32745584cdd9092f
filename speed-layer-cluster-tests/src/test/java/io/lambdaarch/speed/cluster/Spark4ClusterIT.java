package io.lambdaarch.speed.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.speed.cluster.Submission.DeployMode;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * speed-layer-spark-4.x_2.13.jar on a Spark 4 standalone cluster. Its checkpoint stays on a local path: the Spark 4
 * build has no abortable checkpoint manager (no spark-hadoop-cloud for Spark 4.1/4.2) and no hadoop-aws on its test
 * cluster; docs/speed-layer.md says what the rename-based manager risks on S3. The refusal of a relative checkpoint
 * is shared code, checked on this line only (each submission costs a Spark start).
 */
class Spark4ClusterIT extends SpeedLayerClusterContract {
    @Override
    SparkBuild build() {
        return SparkBuild.spark4();
    }

    @Test
    @Order(3)
    void shouldRefuseARelativeCheckpointOnACluster() throws Exception {
        try (ChildJvm job = new Submission(cluster, DeployMode.CLIENT, settings(Map.of(CHECKPOINT, "speed-checkpoint")))
                .start("client-relative")) {
            assertThat(job.waitFor(JOB_TIMEOUT)).as(job.output()).isEqualTo(1);
            assertThat(job.stdout() + job.stderr()).as(job.output())
                    .contains("Invalid value speed-checkpoint for LAMBDA_SPEED_CHECKPOINT: a relative checkpoint on master "
                            + cluster.masterUrl());
        }
        assertThat(cluster.workDir().resolve("speed-checkpoint")).doesNotExist();
    }
}
