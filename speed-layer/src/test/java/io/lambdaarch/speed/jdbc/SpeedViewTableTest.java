package io.lambdaarch.speed.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.warehouse.UpsertTarget;
import org.junit.jupiter.api.Test;

/**
 * The layout is generated from the view definition; the warehouses' upsert statements over it are pinned in common's
 * WarehouseTest and run by SpeedViewWriterIT.
 */
class SpeedViewTableTest {
    private final SpeedViewTable table = new SpeedViewTable(ViewCatalog.shipped().defaultView());

    @Test
    void shouldTakeTheColumnsFromTheViewDefinition() {
        assertThat(table.keyColumns()).containsExactly("ingest_bucket", "event_hour", "location");
        assertThat(table.columns()).containsExactly("ingest_bucket", "event_hour", "location", "tweet_count", "followers_sum",
                "favorites_sum", "retweets_sum");
    }

    @Test
    void shouldBeUpsertedByItsKeyOverwritingTheMeasures() {
        UpsertTarget target = table.target();

        assertThat(target.table()).isEqualTo("speed_view");
        assertThat(target.keyColumns()).isEqualTo(table.keyColumns());
        assertThat(target.valueColumns()).isEqualTo(table.measureColumns());
        assertThat(target.columns()).isEqualTo(table.columns());
        assertThat(target.columnList()).isEqualTo(table.columnList());
        assertThat(target.placeholders(2)).isEqualTo(table.placeholders(2));
    }
}
