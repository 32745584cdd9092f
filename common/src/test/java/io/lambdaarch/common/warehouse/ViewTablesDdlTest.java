package io.lambdaarch.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.ViewCatalog;
import org.junit.jupiter.api.Test;

class ViewTablesDdlTest {
    private static final NamedView LANG_DAY = ViewCatalog.shipped().find("lang_day").orElseThrow();

    @Test
    void shouldCreateAViewsBatchTableFromItsDefinitionInEitherWarehouse() {
        assertThat(new ViewTablesDdl(new PostgresWarehouse()).createBatchTables(LANG_DAY)).containsExactly(
                "CREATE TABLE IF NOT EXISTS batch_lang_day (event_day TIMESTAMP NOT NULL, lang VARCHAR(1024) NOT NULL,"
                        + " tweet_count NUMERIC(38, 0) NOT NULL, retweets_sum NUMERIC(38, 0) NOT NULL,"
                        + " PRIMARY KEY (event_day, lang))");
        assertThat(new ViewTablesDdl(new RedshiftWarehouse()).createBatchTables(LANG_DAY)).containsExactly(
                "CREATE TABLE IF NOT EXISTS batch_lang_day (event_day TIMESTAMP NOT NULL, lang VARCHAR(1024) NOT NULL,"
                        + " tweet_count DECIMAL(38, 0) NOT NULL, retweets_sum DECIMAL(38, 0) NOT NULL,"
                        + " PRIMARY KEY (event_day, lang)) DISTSTYLE ALL SORTKEY (event_day)");
    }

    @Test
    void shouldCreateTheRollupTablesWithTheDayInPlaceOfTheHour() {
        assertThat(new ViewTablesDdl(new PostgresWarehouse()).createBatchTables(ViewCatalog.shipped().defaultView()))
                .containsExactly(
                        "CREATE TABLE IF NOT EXISTS batch_view (event_hour TIMESTAMP NOT NULL, location VARCHAR(1024) NOT NULL,"
                                + " tweet_count NUMERIC(38, 0) NOT NULL, followers_sum NUMERIC(38, 0) NOT NULL,"
                                + " favorites_sum NUMERIC(38, 0) NOT NULL, retweets_sum NUMERIC(38, 0) NOT NULL,"
                                + " PRIMARY KEY (event_hour, location))",
                        "CREATE TABLE IF NOT EXISTS batch_view_day (event_day TIMESTAMP NOT NULL, location VARCHAR(1024) NOT NULL,"
                                + " tweet_count NUMERIC(38, 0) NOT NULL, followers_sum NUMERIC(38, 0) NOT NULL,"
                                + " favorites_sum NUMERIC(38, 0) NOT NULL, retweets_sum NUMERIC(38, 0) NOT NULL,"
                                + " PRIMARY KEY (event_day, location))");
    }

    @Test
    void shouldDropTheServingViewFirstThenEveryRollupAndTheBatchTable() {
        assertThat(new ViewTablesDdl(new PostgresWarehouse()).dropBatchTables(LANG_DAY)).containsExactly(
                "DROP VIEW IF EXISTS serving_lang_day", "DROP TABLE IF EXISTS batch_lang_day_hour",
                "DROP TABLE IF EXISTS batch_lang_day_day", "DROP TABLE IF EXISTS batch_lang_day");
    }
}
