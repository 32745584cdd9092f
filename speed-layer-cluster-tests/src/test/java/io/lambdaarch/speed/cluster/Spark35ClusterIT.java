package io.lambdaarch.speed.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.localstack.s3.EmbeddedS3;
import io.lambdaarch.speed.cluster.Submission.DeployMode;
import io.lambdaarch.speed.testing.SpeedTables;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * speed-layer-spark-3.5_2.12.jar on a Spark 3.5.7 standalone cluster (the Spark of EMR 7 and Glue 5), and its
 * checkpoint on S3 through s3a and spark-hadoop-cloud's abortable checkpoint file manager.
 */
class Spark35ClusterIT extends SpeedLayerClusterContract {
    @Override
    SparkBuild build() {
        return SparkBuild.spark35();
    }

    @Test
    @Order(3)
    void shouldKeepItsCheckpointOnS3WithTheAbortableFileManager() throws Exception {
        send(workload.newEvents(100, Instant.now()));
        String prefix = "checkpoints/speed-3.5";
        EmbeddedS3 s3 = stack.s3();
        // A new checkpoint is a new query, which the lease refuses unless asked on purpose: with --replace-checkpoint,
        // speed_view is rebuilt from the topic's retention window, so it is exact again.
        Submission submission = new Submission(cluster, DeployMode.CLUSTER,
                settings(Map.of(CHECKPOINT, "s3a://" + sandbox.bucket() + "/" + prefix)))
                .conf("spark.hadoop.fs.s3a.endpoint", s3.endpoint().toString())
                .conf("spark.hadoop.fs.s3a.endpoint.region", EmbeddedS3.REGION)
                .conf("spark.hadoop.fs.s3a.path.style.access", "true")
                .conf("spark.hadoop.fs.s3a.connection.ssl.enabled", "false")
                .conf("spark.hadoop.fs.s3a.access.key", s3.accessKey())
                .conf("spark.hadoop.fs.s3a.secret.key", s3.secretKey());
        try (ChildJvm job = submission.start("cluster-s3a", "--once", "--replace-checkpoint")) {
            assertThat(job.waitFor(JOB_TIMEOUT)).as(job.output() + "\n" + cluster.latestDriverOutput()).isZero();
        }
        String driver = cluster.latestDriverOutput();
        assertThat(driver).contains("Speed layer caught up").contains("based on abortable stream");

        assertThat(SpeedTables.speedView(sandbox)).isEqualTo(workload.truth());
        List<String> keys = s3.client().listObjectsV2Paginator(ListObjectsV2Request.builder()
                .bucket(sandbox.bucket()).prefix(prefix + "/").build()).contents().stream().map(S3Object::key).toList();
        assertThat(keys).as("the checkpoint is on S3").contains(prefix + "/metadata", prefix + "/offsets/0", prefix + "/commits/0")
                .noneMatch(key -> key.endsWith(".tmp"));
    }
}
