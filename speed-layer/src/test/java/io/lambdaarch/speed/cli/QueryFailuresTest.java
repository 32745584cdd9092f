package io.lambdaarch.speed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.config.Secret;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.warehouse.WarehouseKind;
import io.lambdaarch.speed.lease.LeaseLostException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class QueryFailuresTest {
    private static final WarehouseSettings WAREHOUSE = new WarehouseSettings("jdbc:postgresql://db:5432/lambda", "lambda",
            new Secret("secret"), WarehouseKind.POSTGRES);

    @Test
    void shouldNameTheWarehouseWhenTheWriterGaveUp() {
        // As Spark hands it over: the sink's SQLException wrapped twice, the driver's cause innermost.
        SQLException refused = new SQLException("Connection to db:5432 refused.", "08001", new ConnectException("Connection refused"));
        Exception failure = new IllegalStateException("Query terminated", new RuntimeException("foreachBatch failed", refused));

        assertThat(QueryFailures.describe(failure, WAREHOUSE)).isEqualTo("Speed layer query failed in the warehouse at"
                + " jdbc:postgresql://db:5432/lambda: Connection refused (start the job again: it resumes from its checkpoint)");
    }

    @Test
    void shouldSayTheJobWasFencedRatherThanToStartItAgain() {
        LeaseLostException lost = new LeaseLostException("This speed job (lease epoch 3) lost its lease on speed_view to"
                + " pid 7 on b (epoch 4, checkpoint /c): it stops without committing, so two jobs never write speed_view");
        Exception failure = new IllegalStateException("Query terminated", new RuntimeException("foreachBatch failed", lost));

        assertThat(QueryFailures.describe(failure, WAREHOUSE)).isEqualTo("Speed layer stopped: " + lost.getMessage())
                .doesNotContain("start the job again");
    }

    @Test
    void shouldGiveTheInnermostMessageOfOtherFailures() {
        Exception failure = new IllegalStateException("Query terminated", new IllegalStateException("Partition tweets-0's offset was changed"));

        assertThat(QueryFailures.describe(failure, WAREHOUSE)).isEqualTo("Speed layer query failed: Partition tweets-0's offset was changed");
    }

    @Test
    void shouldSayToStartWithANewCheckpointWhenTheStateSchemaChanged() {
        Exception failure = new IllegalStateException("Query terminated", new RuntimeException("[STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE]"
                + " Provided value schema does not match existing state value schema."));

        assertThat(QueryFailures.describe(failure, WAREHOUSE)).startsWith("Speed layer query failed: its checkpoint holds state of"
                + " another schema").contains("new LAMBDA_SPEED_CHECKPOINT").contains("--replace-checkpoint");
    }

    @Test
    void shouldStopOnACauseChainThatLoops() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second", first);
        first.initCause(second);

        assertThat(QueryFailures.describe(first, WAREHOUSE)).startsWith("Speed layer query failed: ");
    }
}
