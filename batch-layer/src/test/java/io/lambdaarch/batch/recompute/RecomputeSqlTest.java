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
    void shouldAggregateTheFirstCopyIndexWithNoDeduplicationOfItsOwn() {
        PostgresWarehouse warehouse = new PostgresWarehouse();

        assertThat(RecomputeSql.fullViewQuery(warehouse, TweetView.DEFINITION, "?"))
                .isEqualTo(warehouse.aggregateQuery(TweetView.DEFINITION, "first_copies", "ingest_time < ?"))
                .doesNotContain("ROW_NUMBER");
        assertThat(RecomputeSql.deltaQuery(warehouse, TweetView.DEFINITION))
                .isEqualTo(warehouse.aggregateQuery(TweetView.DEFINITION, "first_copies", "ingest_time >= ? AND ingest_time < ?"));
        assertThat(RecomputeSql.insertInto(TweetView.DEFINITION, "batch_view_delta",
                RecomputeSql.deltaQuery(new RedshiftWarehouse(), TweetView.DEFINITION))).startsWith(
                "INSERT INTO batch_view_delta (" + String.join(", ", TweetView.DEFINITION.allColumns()) + ") SELECT ")
                .contains("FROM first_copies WHERE ingest_time >= ? AND ingest_time < ? GROUP BY 1, 2");
    }

    @Test
    void shouldLearnRowsInFromTheFewViewRowsInsteadOfAPassOverTheFirstCopies() {
        assertThat(RecomputeSql.eventsIn(TweetView.DEFINITION, "batch_view"))
                .isEqualTo("SELECT SUM(tweet_count) AS events FROM batch_view");
        assertThat(RecomputeSql.eventsByTime(TweetView.DEFINITION, "batch_view_delta"))
                .contains("SELECT event_hour AS event_hour, SUM(tweet_count) AS events FROM batch_view_delta GROUP BY event_hour");
        // lang_day: its day column stands for the hour the run reads back, and it counts with its own COUNT measure.
        var langDay = io.lambdaarch.common.view.ViewCatalog.shipped().find("lang_day").orElseThrow().definition();
        assertThat(RecomputeSql.eventsByTime(langDay, "batch_lang_day_delta"))
                .contains("SELECT event_day AS event_hour, SUM(tweet_count) AS events FROM batch_lang_day_delta GROUP BY event_day");
    }

    @Test
    void shouldRunOnePassOverTheFirstCopiesAndNeverRenameOnEitherWarehouse() {
        for (var warehouse : java.util.List.of(new PostgresWarehouse(), new RedshiftWarehouse())) {
            RunStatements statements = RunStatements.of(warehouse);
            String name = warehouse.displayName();

            assertThat(statements.createFull(java.time.Instant.parse("2026-12-08T10:15:00Z"))).as(name)
                    .isEqualTo(warehouse.createTemporaryTableAs("batch_view_full", warehouse.aggregateQuery(TweetView.DEFINITION,
                            "first_copies", "ingest_time < TIMESTAMP '2026-12-08 10:15:00.000000'")))
                    .isEqualTo(warehouse.createTemporaryTableAs("batch_view_full",
                            RecomputeSql.fullViewQuery(warehouse, TweetView.DEFINITION, "TIMESTAMP '2026-12-08 10:15:00.000000'")));
            assertThat(statements.fullRewrite().prepare()).as(name).containsExactly("DELETE FROM batch_view");
            assertThat(statements.fullRewrite().finish()).as(name).isEmpty();
            assertThat(statements.fullInsert()).as(name).isEqualTo("INSERT INTO batch_view ("
                    + String.join(", ", TweetView.DEFINITION.allColumns()) + ") SELECT "
                    + String.join(", ", TweetView.DEFINITION.allColumns()) + " FROM batch_view_full");
            assertThat(statements.eventsInFull()).as(name).doesNotContain("first_copies");
            assertThat(statements.deltaHours().orElseThrow()).as(name).doesNotContain("first_copies");
            assertThat(String.join(";", statements.addDelta()) + String.join(";", statements.dropDelta())
                    + statements.createDelta()).as(name).doesNotContainIgnoringCase("RENAME");
        }
        assertThat(RunStatements.of(new RedshiftWarehouse()).dropDelta()).containsExactly("DROP TABLE batch_view_delta");
        assertThat(RunStatements.of(new RedshiftWarehouse()).dropFull()).containsExactly("DROP TABLE batch_view_full");
        assertThat(RunStatements.of(new PostgresWarehouse()).dropFull()).isEmpty();
    }
}
