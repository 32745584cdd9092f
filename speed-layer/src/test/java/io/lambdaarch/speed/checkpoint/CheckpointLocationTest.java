package io.lambdaarch.speed.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.speed.config.SpeedLayerConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CheckpointLocationTest {
    @ParameterizedTest
    @ValueSource(strings = {"spark://master:7077", "yarn", "k8s://https://api:6443"})
    void shouldRefuseARelativeCheckpointOnAClusterNamingTheSetting(String master) {
        CheckpointLocation location = new CheckpointLocation(".lambda/speed-checkpoint", SpeedLayerConfig.CHECKPOINT);

        assertThatThrownBy(() -> location.requireUsableOn(master))
                .isInstanceOf(TerseException.class)
                .hasMessageStartingWith("Invalid value .lambda/speed-checkpoint for LAMBDA_SPEED_CHECKPOINT: a relative"
                        + " checkpoint on master " + master)
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/shared/checkpoints/speed", "s3a://bucket/checkpoints/speed", "hdfs:///checkpoints/speed",
            "file:///mnt/efs/speed"})
    void shouldAcceptASharedLocationOnACluster(String checkpoint) {
        CheckpointLocation location = new CheckpointLocation(checkpoint, SpeedLayerConfig.CHECKPOINT);

        assertThatCode(() -> location.requireUsableOn("spark://master:7077")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "local[*]", "local[2]", "LOCAL[4,2]"})
    void shouldAcceptARelativeCheckpointOnALocalMaster(String master) {
        CheckpointLocation location = new CheckpointLocation(".lambda/speed-checkpoint", SpeedLayerConfig.CHECKPOINT);

        assertThatCode(() -> location.requireUsableOn(master)).doesNotThrowAnyException();
    }

    @Test
    void shouldLeaveTheFileManagerAloneOffS3AndWhereTheBuildHasNoAbortableManager() {
        // The Spark 4 build has no spark-hadoop-cloud: Spark's default manager stays, on S3 too.
        assertThat(new CheckpointLocation("/shared/speed", SpeedLayerConfig.CHECKPOINT).sparkConf()).isEmpty();
        assertThat(new CheckpointLocation("s3a://bucket/speed", SpeedLayerConfig.CHECKPOINT).sparkConf()).isEmpty();
    }
}
