package io.lambdaarch.batch.recompute;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.warehouse.PostgresWarehouse;
import io.lambdaarch.common.warehouse.RedshiftWarehouse;
import org.junit.jupiter.api.Test;

class RecomputeSqlTest {

    @Test
    void shouldKeepTheEarliestCopyOfEachIdIngestedBeforeTheCutoff() {
        assertThat(RecomputeSql.firstCopiesBeforeCutoff()).isEqualTo(
                "SELECT created_at, location, followers_count, favorite_count, retweet_count FROM (SELECT created_at, location,"
                        + " followers_count, favorite_count, retweet_count, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY"
                        + " ingest_time, kafka_partition, kafka_offset) AS copy_rank FROM raw_batch WHERE ingest_time < ?) ranked"
                        + " WHERE copy_rank = 1");
    }

    @Test
    void shouldAggregateWithTheWarehouseFromTheOneViewDefinition() {
        PostgresWarehouse warehouse = new PostgresWarehouse();

        assertThat(RecomputeSql.viewQuery(warehouse)).isEqualTo(warehouse.aggregateQuery(TweetView.DEFINITION,
                "(" + RecomputeSql.firstCopiesBeforeCutoff() + ") first_copies", null));
        assertThat(RecomputeSql.insertView(new RedshiftWarehouse(), "batch_view_next")).startsWith(
                "INSERT INTO batch_view_next (" + String.join(", ", TweetView.DEFINITION.allColumns()) + ") SELECT ")
                .contains("GROUP BY 1, 2");
    }
}
