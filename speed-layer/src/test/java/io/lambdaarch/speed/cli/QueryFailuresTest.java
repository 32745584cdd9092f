package io.lambdaarch.speed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.config.Secret;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.sql.WarehouseKind;
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
    void shouldGiveTheInnermostMessageOfOtherFailures() {
        Exception failure = new IllegalStateException("Query terminated", new IllegalStateException("Partition tweets-0's offset was changed"));

        assertThat(QueryFailures.describe(failure, WAREHOUSE)).isEqualTo("Speed layer query failed: Partition tweets-0's offset was changed");
    }

    @Test
    void shouldSayToStartWithANewCheckpointWhenTheStateSchemaChanged() {
        Exception failure = new IllegalStateException("Query terminated", new RuntimeException("[STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE]"
                + " Provided value schema does not match existing state value schema."));

        assertThat(QueryFailures.describe(failure, WAREHOUSE)).startsWith("Speed layer query failed: its checkpoint holds state of"
                + " another schema").contains("new LAMBDA_SPEED_CHECKPOINT");
    }

    @Test
    void shouldStopOnACauseChainThatLoops() {
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second", first);
        first.initCause(second);

        assertThat(QueryFailures.describe(first, WAREHOUSE)).startsWith("Speed layer query failed: ");
    }
}
