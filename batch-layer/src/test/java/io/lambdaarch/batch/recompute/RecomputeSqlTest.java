package io.lambdaarch.batch.recompute;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.common.warehouse.PostgresWarehouse;
import io.lambdaarch.common.warehouse.RedshiftWarehouse;
import io.lambdaarch.common.warehouse.ViewRollups;
import io.lambdaarch.common.warehouse.Warehouse;
import java.time.Instant;
import java.util.List;
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
    void shouldAggregateEveryViewInOnePassOverTheFirstCopiesOnEitherWarehouse() {
        ViewCatalog shipped = ViewCatalog.shipped();
        NamedView view = shipped.defaultView();
        NamedView langDay = shipped.find("lang_day").orElseThrow();
        for (Warehouse warehouse : List.of(new PostgresWarehouse(), new RedshiftWarehouse())) {
            OnePassAggregate pass = OnePassAggregate.of(warehouse, shipped.views());
            String name = warehouse.displayName();
            List<String> create = pass.create(Instant.parse("2026-12-08T10:15:00Z"));
            String aggregate = create.stream().filter(sql -> sql.startsWith("CREATE TEMPORARY TABLE")).findFirst().orElseThrow();
            // PostgreSQL groups lang uncut and cuts it on the grouped rows (LEFT per row was 4-8 % of the pass);
            // Redshift groups by the view's own expression.
            String lang = warehouse.groupedSourceExpression("lang").orElse(warehouse.sourceExpression("lang"));
            String langValue = warehouse.groupedSourceExpression("lang").isPresent() ? "LEFT(d2, 256)" : "d2";

            // One statement reads first_copies, once, for both views: shared columns, one grouping set per view, and
            // lang_day's day grouped as the hour view's hour is (no row truncated twice), summed to days after.
            assertThat(create.stream().filter(sql -> sql.contains("first_copies"))).as(name).containsExactly(aggregate);
            assertThat(aggregate).as(name).isEqualTo(warehouse.createTemporaryTableAs("batch_views_full",
                    "SELECT DATE_TRUNC('hour', created_at) AS d0, location AS d1, "
                            + lang + " AS d2, "
                            + warehouse.measureExpression(view.definition().measures().get(0)) + " AS m0, "
                            + warehouse.measureExpression(view.definition().measures().get(1)) + " AS m1, "
                            + warehouse.measureExpression(view.definition().measures().get(2)) + " AS m2, "
                            + warehouse.measureExpression(view.definition().measures().get(3)) + " AS m3"
                            + " FROM first_copies WHERE ingest_time < TIMESTAMP '2026-12-08 10:15:00.000000' GROUP BY GROUPING SETS"
                            + " ((DATE_TRUNC('hour', created_at), location), (DATE_TRUNC('hour', created_at), "
                            + lang + "))"));
            assertThat(aggregate).as(name).doesNotContain("'day'");
            assertThat(create).as(name).isEqualTo(warehouse.hashedGroupingSets(aggregate));

            // Each view takes its grouping set's rows (its dimensions set, the others NULL) and its own measures;
            // lang_day sums its hours to days with the warehouse's measure type.
            assertThat(pass.replace(view)).as(name).containsExactly("DELETE FROM batch_view",
                    "INSERT INTO batch_view (event_hour, location, tweet_count, followers_sum, favorites_sum, retweets_sum)"
                            + " SELECT d0 AS event_hour, d1 AS location, m0 AS tweet_count, m1 AS followers_sum, m2 AS favorites_sum,"
                            + " m3 AS retweets_sum FROM batch_views_full WHERE d0 IS NOT NULL AND d1 IS NOT NULL AND d2 IS NULL");
            assertThat(pass.insertIndex(view)).as(name).isEqualTo(1);
            String measure = warehouse.measureType();
            assertThat(pass.replace(langDay)).as(name).containsExactly("DELETE FROM batch_lang_day",
                    "INSERT INTO batch_lang_day (event_day, lang, tweet_count, retweets_sum) SELECT DATE_TRUNC('day', d0) AS"
                            + " event_day, " + langValue + " AS lang, CAST(SUM(m0) AS " + measure + ") AS tweet_count, CAST(SUM(m3) AS "
                            + measure + ") AS retweets_sum FROM batch_views_full WHERE d0 IS NOT NULL AND d1 IS NULL"
                            + " AND d2 IS NOT NULL GROUP BY 1, 2");
            assertThat(pass.eventsIn(view)).as(name).isEqualTo("SELECT SUM(m0) AS events FROM batch_views_full WHERE"
                    + " d0 IS NOT NULL AND d1 IS NOT NULL AND d2 IS NULL");
            assertThat(String.join(";", create) + String.join(";", pass.replace(view)) + String.join(";", pass.replace(langDay)))
                    .as(name).doesNotContainIgnoringCase("RENAME").doesNotContain("TRUNCATE");
        }
        assertThat(new PostgresWarehouse().groupedSourceExpression("lang")).contains("COALESCE(lang, 'und')");
        assertThat(new PostgresWarehouse().groupedSourceExpression("location")).isEmpty();
        assertThat(new RedshiftWarehouse().groupedSourceExpression("lang")).isEmpty();
        assertThat(OnePassAggregate.of(new RedshiftWarehouse(), shipped.views()).drop()).containsExactly("DROP TABLE batch_views_full");
        assertThat(OnePassAggregate.of(new PostgresWarehouse(), shipped.views()).drop()).isEmpty();
        // PostgreSQL is told to hash both sets (its estimate of hour groups is every row); Redshift plans its own.
        assertThat(new PostgresWarehouse().hashedGroupingSets("CREATE ...")).containsExactly(
                "SET LOCAL hash_mem_multiplier = 1000", "CREATE ...", "RESET hash_mem_multiplier");
        assertThat(new RedshiftWarehouse().hashedGroupingSets("CREATE ...")).containsExactly("CREATE ...");
    }

    @Test
    void shouldShareOneGroupingSetBetweenViewsThatDifferOnlyInTheirTimeGrain() {
        NamedView view = ViewCatalog.shipped().defaultView();
        List<Dimension> dimensions = view.definition().dimensions();
        NamedView locationDay = new NamedView("location_day", new ViewDefinition(List.of(
                new Dimension("event_day", dimensions.get(0).sourceColumn(), TimeGrain.DAY), dimensions.get(1)),
                view.definition().measures().subList(0, 1)), List.of());
        PostgresWarehouse warehouse = new PostgresWarehouse();
        OnePassAggregate pass = OnePassAggregate.of(warehouse, List.of(view, locationDay));

        // The day view is the hour view's grouping set summed to days: one plain GROUP BY, no second hash per event.
        assertThat(pass.create(Instant.parse("2026-12-08T10:15:00Z"))).singleElement().asString()
                .endsWith(" GROUP BY DATE_TRUNC('hour', created_at), location").doesNotContain("GROUPING SETS");
        assertThat(pass.replace(locationDay).get(1)).isEqualTo("INSERT INTO batch_location_day (event_day, location,"
                + " tweet_count) SELECT DATE_TRUNC('day', d0) AS event_day, d1 AS location, CAST(SUM(m0) AS NUMERIC(38, 0))"
                + " AS tweet_count FROM batch_views_full GROUP BY 1, 2");
        assertThat(pass.replace(view).get(1)).endsWith(" m3 AS retweets_sum FROM batch_views_full");
    }

    @Test
    void shouldAggregateOneViewWithAPlainGroupBy() {
        NamedView view = ViewCatalog.shipped().defaultView();
        PostgresWarehouse warehouse = new PostgresWarehouse();
        OnePassAggregate pass = OnePassAggregate.of(warehouse, List.of(view));

        assertThat(pass.create(Instant.parse("2026-12-08T10:15:00Z"))).singleElement().asString()
                .endsWith("FROM first_copies WHERE ingest_time < TIMESTAMP '2026-12-08 10:15:00.000000'"
                        + " GROUP BY DATE_TRUNC('hour', created_at), location")
                .doesNotContain("GROUPING SETS");
        assertThat(pass.replace(view).get(1)).endsWith("FROM batch_views_full");
        assertThat(pass.eventsIn(view)).isEqualTo("SELECT SUM(m0) AS events FROM batch_views_full");
    }

    @Test
    void shouldFoldTheDeltaInOneRoundTripReadingOnlyTheNewFirstCopies() {
        for (Warehouse warehouse : List.of(new PostgresWarehouse(), new RedshiftWarehouse())) {
            RunStatements statements = RunStatements.of(warehouse);
            String name = warehouse.displayName();
            List<String> fold = statements.fold(Instant.parse("2026-12-08T09:00:00Z"), Instant.parse("2026-12-08T10:00:00Z"));

            assertThat(fold.get(0)).as(name).isEqualTo(statements.createDelta());
            assertThat(fold.get(1)).as(name).isEqualTo(RecomputeSql.insertInto(TweetView.DEFINITION, "batch_view_delta",
                    warehouse.aggregateQuery(TweetView.DEFINITION, "first_copies", "ingest_time >= TIMESTAMP"
                            + " '2026-12-08 09:00:00.000000' AND ingest_time < TIMESTAMP '2026-12-08 10:00:00.000000'")));
            assertThat(fold.subList(2, 2 + statements.addDelta().size())).as(name).isEqualTo(statements.addDelta());
            // The day rollup gets the delta summed by day, not the touched days derived again from batch_view.
            assertThat(fold.subList(2 + statements.addDelta().size(), fold.size())).as(name).isEqualTo(
                    new ViewRollups(warehouse).addDeltaStatements("batch_view_delta", "batch_view_day_delta"));
            assertThat(statements.addToRollups()).as(name).isNotEmpty();
            assertThat(statements.deltaHours().orElseThrow()).as(name).doesNotContain("first_copies");
            assertThat(String.join(";", fold) + String.join(";", statements.dropDelta())).as(name)
                    .doesNotContainIgnoringCase("RENAME");
        }
        assertThat(RunStatements.of(new RedshiftWarehouse()).dropDelta()).containsExactly("DROP TABLE batch_view_delta");
        assertThat(RunStatements.of(new PostgresWarehouse()).dropDelta()).isEmpty();
    }

    @Test
    void aViewWithoutRollupsShouldAddItsNewRowsWithoutATemporaryTableWhereTheWarehouseCan() {
        NamedView langDay = ViewCatalog.shipped().find("lang_day").orElseThrow();
        Instant from = Instant.parse("2026-12-08T09:00:00Z");
        Instant to = Instant.parse("2026-12-08T10:00:00Z");
        String cutoffs = "ingest_time >= TIMESTAMP '2026-12-08 09:00:00.000000' AND ingest_time < TIMESTAMP"
                + " '2026-12-08 10:00:00.000000'";
        for (Warehouse warehouse : List.of(new PostgresWarehouse(), new RedshiftWarehouse())) {
            List<String> unread = RunStatements.of(warehouse, langDay).foldUnread(from, to);

            assertThat(unread).as(warehouse.displayName()).isEqualTo(warehouse.addQueryRows("batch_lang_day",
                    warehouse.aggregateQuery(langDay.definition(), "first_copies", cutoffs), "batch_lang_day_delta",
                    langDay.definition().dimensionColumns(), langDay.definition().measureColumns()));
        }
        assertThat(RunStatements.of(new PostgresWarehouse(), langDay).foldUnread(from, to)).singleElement().asString()
                .startsWith("INSERT INTO batch_lang_day ").contains(" FROM first_copies WHERE " + cutoffs)
                .doesNotContain("TEMPORARY");
        // A view with rollups reads its delta twice: it keeps the delta table, dropped at the end.
        RunStatements view = RunStatements.of(new RedshiftWarehouse());
        List<String> withRollups = new java.util.ArrayList<>(view.fold(from, to));
        withRollups.addAll(view.dropDelta());
        assertThat(view.foldUnread(from, to)).isEqualTo(withRollups);
    }
}
