package io.lambdaarch.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class FirstCopyIndexTest {
    private static final String COLUMNS = "event_id, created_at, location, followers_count, favorite_count, retweet_count,"
            + " kafka_partition, kafka_offset, ingest_time, lang";
    private static final String FIRST_OF_NEW = "SELECT " + COLUMNS + " FROM (SELECT " + COLUMNS + ", ROW_NUMBER() OVER"
            + " (PARTITION BY event_id ORDER BY ingest_time, kafka_partition, kafka_offset) AS copy_rank FROM raw_batch WHERE"
            + " ((kafka_partition = 0 AND kafka_offset >= 5 AND kafka_offset < 9))) ranked WHERE copy_rank = 1";
    private static final String NEW_ROWS = FirstCopyIndex.rowsIn(List.of(new FirstCopyIndex.OffsetRange(0, 5, 9)));

    @Test
    void shouldSelectTheRowsOfEveryLoadedRange() {
        assertThat(FirstCopyIndex.rowsIn(List.of(new FirstCopyIndex.OffsetRange(0, 5, 9), new FirstCopyIndex.OffsetRange(2, 0, 1))))
                .isEqualTo("((kafka_partition = 0 AND kafka_offset >= 5 AND kafka_offset < 9) OR (kafka_partition = 2 AND"
                        + " kafka_offset >= 0 AND kafka_offset < 1))");
        assertThatIllegalArgumentException().isThrownBy(() -> new FirstCopyIndex.OffsetRange(1, 9, 5));
    }

    @Test
    void shouldReplaceAnIndexedCopyInPostgresOnlyWhenTheNewOneComesFirst() {
        assertThat(new PostgresWarehouse().indexFirstCopies(NEW_ROWS)).containsExactly(
                "SET LOCAL work_mem = '64MB'",
                "MERGE INTO first_copies USING (" + FIRST_OF_NEW.replace("PARTITION BY event_id",
                        "PARTITION BY event_id COLLATE \"C\"") + ") n ON first_copies.event_id = n.event_id WHEN MATCHED AND"
                        + " (n.ingest_time < first_copies.ingest_time OR (n.ingest_time = first_copies.ingest_time AND"
                        + " (n.kafka_partition < first_copies.kafka_partition OR (n.kafka_partition ="
                        + " first_copies.kafka_partition AND n.kafka_offset < first_copies.kafka_offset)))) THEN UPDATE SET"
                        + " created_at = n.created_at, location = n.location, followers_count = n.followers_count,"
                        + " favorite_count = n.favorite_count, retweet_count = n.retweet_count, kafka_partition ="
                        + " n.kafka_partition, kafka_offset = n.kafka_offset, ingest_time = n.ingest_time, lang = n.lang"
                        + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (n.event_id, n.created_at, n.location,"
                        + " n.followers_count, n.favorite_count, n.retweet_count, n.kafka_partition, n.kafka_offset,"
                        + " n.ingest_time, n.lang)",
                "RESET work_mem");
    }

    @Test
    void shouldStageDropTheCopiesThatComeLaterAndMergeTheRestInRedshift() {
        assertThat(new RedshiftWarehouse().indexFirstCopies(NEW_ROWS)).containsExactly(
                "CREATE TEMP TABLE first_copies_stage (LIKE first_copies)",
                "INSERT INTO first_copies_stage (" + COLUMNS + ") " + FIRST_OF_NEW,
                "DELETE FROM first_copies_stage USING first_copies WHERE first_copies_stage.event_id = first_copies.event_id"
                        + " AND NOT (first_copies_stage.ingest_time < first_copies.ingest_time OR (first_copies_stage.ingest_time"
                        + " = first_copies.ingest_time AND (first_copies_stage.kafka_partition < first_copies.kafka_partition OR"
                        + " (first_copies_stage.kafka_partition = first_copies.kafka_partition AND first_copies_stage.kafka_offset"
                        + " < first_copies.kafka_offset))))",
                "MERGE INTO first_copies USING first_copies_stage s ON first_copies.event_id = s.event_id WHEN MATCHED THEN"
                        + " UPDATE SET created_at = s.created_at, location = s.location, followers_count = s.followers_count,"
                        + " favorite_count = s.favorite_count, retweet_count = s.retweet_count, kafka_partition ="
                        + " s.kafka_partition, kafka_offset = s.kafka_offset, ingest_time = s.ingest_time, lang = s.lang WHEN NOT MATCHED"
                        + " THEN INSERT (" + COLUMNS + ") VALUES (s.event_id, s.created_at, s.location, s.followers_count,"
                        + " s.favorite_count, s.retweet_count, s.kafka_partition, s.kafka_offset, s.ingest_time, s.lang)",
                "DROP TABLE first_copies_stage");
    }

    @Test
    void shouldAddADeltaToTheViewByKeyInEitherWarehouse() {
        List<String> keys = List.of("event_hour", "location");
        List<String> measures = List.of("tweet_count", "followers_sum");

        assertThat(new PostgresWarehouse().addRows("batch_view", "batch_view_delta", keys, measures)).containsExactly(
                "INSERT INTO batch_view (event_hour, location, tweet_count, followers_sum) SELECT event_hour, location,"
                        + " tweet_count, followers_sum FROM batch_view_delta ON CONFLICT (event_hour, location) DO UPDATE SET"
                        + " tweet_count = batch_view.tweet_count + EXCLUDED.tweet_count, followers_sum ="
                        + " batch_view.followers_sum + EXCLUDED.followers_sum");
        assertThat(new RedshiftWarehouse().addRows("batch_view", "batch_view_delta", keys, measures)).containsExactly(
                "MERGE INTO batch_view USING batch_view_delta s ON batch_view.event_hour = s.event_hour AND"
                        + " batch_view.location = s.location WHEN MATCHED THEN UPDATE SET tweet_count = batch_view.tweet_count"
                        + " + s.tweet_count, followers_sum = batch_view.followers_sum + s.followers_sum WHEN NOT MATCHED THEN"
                        + " INSERT (event_hour, location, tweet_count, followers_sum) VALUES (s.event_hour, s.location,"
                        + " s.tweet_count, s.followers_sum)");
    }

    @Test
    void shouldAddAQuerysRowsByKeyInOneStatementOnPostgresAndThroughAStagedTableOnRedshift() {
        List<String> keys = List.of("event_day", "location");
        List<String> measures = List.of("tweet_count");
        String query = "SELECT DATE_TRUNC('day', event_hour) AS event_day, location, SUM(tweet_count) AS tweet_count"
                + " FROM batch_view_delta GROUP BY 1, 2";

        assertThat(new PostgresWarehouse().addQueryRows("batch_view_day", query, "batch_view_day_delta", keys, measures))
                .containsExactly("INSERT INTO batch_view_day (event_day, location, tweet_count) " + query
                        + " ON CONFLICT (event_day, location) DO UPDATE SET tweet_count = batch_view_day.tweet_count"
                        + " + EXCLUDED.tweet_count");
        // Redshift's MERGE takes a table as its source, not a query.
        assertThat(new RedshiftWarehouse().addQueryRows("batch_view_day", query, "batch_view_day_delta", keys, measures))
                .containsExactly("CREATE TEMPORARY TABLE batch_view_day_delta AS " + query,
                        "MERGE INTO batch_view_day USING batch_view_day_delta s ON batch_view_day.event_day = s.event_day AND"
                                + " batch_view_day.location = s.location WHEN MATCHED THEN UPDATE SET tweet_count ="
                                + " batch_view_day.tweet_count + s.tweet_count WHEN NOT MATCHED THEN INSERT (event_day,"
                                + " location, tweet_count) VALUES (s.event_day, s.location, s.tweet_count)",
                        "DROP TABLE batch_view_day_delta");
    }
}
