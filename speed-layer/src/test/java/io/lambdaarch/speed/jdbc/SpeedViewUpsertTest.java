package io.lambdaarch.speed.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.sql.WarehouseKind;
import io.lambdaarch.common.view.TweetView;
import org.junit.jupiter.api.Test;

/** The statements are generated from the view definition; these pin their exact text. */
class SpeedViewUpsertTest {
    private final SpeedViewTable table = new SpeedViewTable(TweetView.DEFINITION);

    @Test
    void shouldTakeTheColumnsFromTheViewDefinition() {
        assertThat(table.keyColumns()).containsExactly("ingest_bucket", "event_hour", "location");
        assertThat(table.columns()).containsExactly("ingest_bucket", "event_hour", "location", "tweet_count", "followers_sum",
                "favorites_sum", "retweets_sum");
    }

    @Test
    void shouldOverwriteMeasuresOnConflictInPostgres() {
        assertThat(new PostgresSpeedViewUpsert(table).statement(2)).isEqualTo(
                "INSERT INTO speed_view (ingest_bucket, event_hour, location, tweet_count, followers_sum, favorites_sum,"
                        + " retweets_sum) VALUES (?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (ingest_bucket, event_hour, location) DO UPDATE SET tweet_count = EXCLUDED.tweet_count,"
                        + " followers_sum = EXCLUDED.followers_sum, favorites_sum = EXCLUDED.favorites_sum,"
                        + " retweets_sum = EXCLUDED.retweets_sum");
    }

    @Test
    void shouldMergeFromAStagingTableInRedshift() {
        RedshiftSpeedViewUpsert upsert = new RedshiftSpeedViewUpsert(table);

        assertThat(upsert.createStage()).isEqualTo("CREATE TEMP TABLE speed_view_stage (LIKE speed_view)");
        assertThat(upsert.merge()).isEqualTo("MERGE INTO speed_view USING speed_view_stage s"
                + " ON speed_view.ingest_bucket = s.ingest_bucket AND speed_view.event_hour = s.event_hour"
                + " AND speed_view.location = s.location"
                + " WHEN MATCHED THEN UPDATE SET tweet_count = s.tweet_count, followers_sum = s.followers_sum,"
                + " favorites_sum = s.favorites_sum, retweets_sum = s.retweets_sum"
                + " WHEN NOT MATCHED THEN INSERT (ingest_bucket, event_hour, location, tweet_count, followers_sum, favorites_sum,"
                + " retweets_sum) VALUES (s.ingest_bucket, s.event_hour, s.location, s.tweet_count, s.followers_sum,"
                + " s.favorites_sum, s.retweets_sum)");
        assertThat(upsert.dropStage()).isEqualTo("DROP TABLE speed_view_stage");
    }

    @Test
    void shouldPickTheStatementsByWarehouseKind() {
        assertThat(SpeedViewUpsert.forKind(WarehouseKind.POSTGRES, table)).isInstanceOf(PostgresSpeedViewUpsert.class);
        assertThat(SpeedViewUpsert.forKind(WarehouseKind.REDSHIFT, table)).isInstanceOf(RedshiftSpeedViewUpsert.class);
    }
}
