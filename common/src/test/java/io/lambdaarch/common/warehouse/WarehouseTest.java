package io.lambdaarch.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.lambdaarch.common.view.TweetView;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What each warehouse object says, pinned statement by statement; the ITs run them against a real database. */
class WarehouseTest {
    private static final List<String> RAW_COLUMNS = List.of("event_id", "created_at", "location", "followers_count",
            "favorite_count", "retweet_count", "kafka_partition", "kafka_offset", "ingest_time", "lang");
    private static final UpsertTarget SPEED_VIEW = new UpsertTarget("speed_view",
            List.of("ingest_bucket", "event_hour", "location"), TweetView.DEFINITION.measureColumns());

    private final PostgresWarehouse postgres = new PostgresWarehouse();
    private final RedshiftWarehouse redshift = new RedshiftWarehouse();

    @ParameterizedTest(name = "{0}")
    @CsvSource({"POSTGRES, sql/postgres/schema.sql", "REDSHIFT, sql/redshift/schema.sql"})
    void shouldBeChosenByKindAndNameItsSchemaScript(WarehouseKind kind, String script) {
        Warehouse warehouse = Warehouse.of(kind);

        assertThat(warehouse.kind()).isEqualTo(kind);
        assertThat(warehouse.schemaScripts()).containsExactly(script);
        assertThat(warehouse.sessionSetup()).containsExactly("SET TIME ZONE 'UTC'");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(WarehouseKind.class)
    void shouldNameDriverThatIsOnTheClasspath(WarehouseKind kind) throws ClassNotFoundException {
        assertThat(java.sql.Driver.class).isAssignableFrom(Class.forName(Warehouse.of(kind).driverClassName()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "jdbc:postgresql://localhost:15432/lambda, POSTGRES",
        "jdbc:postgresql:lambda, POSTGRES",
        "JDBC:PostgreSQL://localhost/lambda, POSTGRES",
        "jdbc:redshift://cluster.example.com:5439/dev, REDSHIFT",
        "jdbc:redshift:iam://cluster.example.com:5439/dev, REDSHIFT",
        "Jdbc:RedShift://cluster.example.com:5439/dev, REDSHIFT"})
    void shouldRecognizeWarehouseByJdbcUrl(String url, WarehouseKind expected) {
        assertThat(WarehouseKind.fromJdbcUrl(url)).contains(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"jdbc:mysql://localhost/lambda", "jdbc:postgres://localhost/lambda",
        "postgresql://localhost/lambda", "jdbc:redshiftx", "jdbc:", ""})
    void shouldRecognizeNoOtherWarehouse(String url) {
        assertThat(WarehouseKind.fromJdbcUrl(url)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(WarehouseKind.class)
    void shouldListEveryPrefixInErrorMessages(WarehouseKind kind) {
        assertThat(WarehouseKind.supportedPrefixes())
                .isEqualTo("jdbc:postgresql: or jdbc:redshift:")
                .contains(kind.urlPrefix());
    }

    @Test
    void shouldReadSnapshotsAtEachWarehousesSnapshotIsolation() {
        assertThat(postgres.snapshotIsolation()).isEqualTo("TRANSACTION_REPEATABLE_READ");
        assertThat(redshift.snapshotIsolation()).isEqualTo("TRANSACTION_SERIALIZABLE");
    }

    @Test
    void shouldBindViewsEarlyInPostgresAndLateInRedshift() {
        assertThat(postgres.tableInView("analytics", "batch_view")).isEqualTo("batch_view");
        assertThat(postgres.createViewStatement("v", "SELECT 1")).isEqualTo("CREATE OR REPLACE VIEW v AS\nSELECT 1");
        assertThat(redshift.tableInView("analytics", "batch_view")).isEqualTo("analytics.batch_view");
        assertThat(redshift.createViewStatement("analytics.v", "SELECT 1"))
                .isEqualTo("CREATE OR REPLACE VIEW analytics.v AS\nSELECT 1\nWITH NO SCHEMA BINDING");
    }

    @Test
    void shouldRewriteATableInPlaceInPostgres() {
        TableRewrite rewrite = postgres.rewrite("batch_view");

        assertThat(rewrite.prepare()).containsExactly("DELETE FROM batch_view");
        assertThat(rewrite.target()).isEqualTo("batch_view");
        assertThat(rewrite.finish()).isEmpty();
        assertThat(postgres.deleteAllRows("raw_batch")).isEqualTo("TRUNCATE raw_batch");
        assertThat(postgres.createTemporaryTable("raw_batch_replay", "raw_batch"))
                .isEqualTo("CREATE TEMPORARY TABLE raw_batch_replay (LIKE raw_batch) ON COMMIT DROP");
        assertThat(postgres.dropTemporaryTable("raw_batch_replay")).isEmpty();
    }

    @Test
    void shouldReplaceARedshiftTableInPlaceWithoutTruncateOrRename() {
        TableRewrite rewrite = redshift.rewrite("batch_view");

        // No RENAME under live readers: a prepared statement would lose its table ("could not open relation with OID").
        assertThat(rewrite.prepare()).containsExactly("DELETE FROM batch_view");
        assertThat(rewrite.target()).isEqualTo("batch_view");
        assertThat(rewrite.finish()).isEmpty();
        assertThat(redshift.deleteAllRows("raw_batch")).isEqualTo("DELETE FROM raw_batch");
        assertThat(redshift.createTemporaryTable("raw_batch_replay", "raw_batch"))
                .isEqualTo("CREATE TEMPORARY TABLE raw_batch_replay (LIKE raw_batch)");
        assertThat(redshift.dropTemporaryTable("raw_batch_replay")).containsExactly("DROP TABLE raw_batch_replay");
        assertThat(String.join(";", rewrite.prepare()) + String.join(";", rewrite.finish()))
                .doesNotContainIgnoringCase("TRUNCATE");
    }

    @Test
    void shouldOverwriteValuesOnConflictInPostgres() {
        UpsertStatements upsert = postgres.upsert(SPEED_VIEW);

        assertThat(upsert.before()).isEmpty();
        assertThat(upsert.insertRows(2)).isEqualTo(
                "INSERT INTO speed_view (ingest_bucket, event_hour, location, tweet_count, followers_sum, favorites_sum,"
                        + " retweets_sum) VALUES (?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (ingest_bucket, event_hour, location) DO UPDATE SET tweet_count = EXCLUDED.tweet_count,"
                        + " followers_sum = EXCLUDED.followers_sum, favorites_sum = EXCLUDED.favorites_sum,"
                        + " retweets_sum = EXCLUDED.retweets_sum");
        assertThat(upsert.after()).isEmpty();
    }

    @Test
    void shouldMergeFromAStagingTableInRedshift() {
        UpsertStatements upsert = redshift.upsert(SPEED_VIEW);

        assertThat(upsert.before()).containsExactly("CREATE TEMP TABLE speed_view_stage (LIKE speed_view)");
        assertThat(upsert.insertRows(1)).isEqualTo("INSERT INTO speed_view_stage (ingest_bucket, event_hour, location,"
                + " tweet_count, followers_sum, favorites_sum, retweets_sum) VALUES (?, ?, ?, ?, ?, ?, ?)");
        assertThat(upsert.after()).containsExactly("MERGE INTO speed_view USING speed_view_stage s"
                + " ON speed_view.ingest_bucket = s.ingest_bucket AND speed_view.event_hour = s.event_hour"
                + " AND speed_view.location = s.location"
                + " WHEN MATCHED THEN UPDATE SET tweet_count = s.tweet_count, followers_sum = s.followers_sum,"
                + " favorites_sum = s.favorites_sum, retweets_sum = s.retweets_sum"
                + " WHEN NOT MATCHED THEN INSERT (ingest_bucket, event_hour, location, tweet_count, followers_sum, favorites_sum,"
                + " retweets_sum) VALUES (s.ingest_bucket, s.event_hour, s.location, s.tweet_count, s.followers_sum,"
                + " s.favorites_sum, s.retweets_sum)",
                "DROP TABLE speed_view_stage");
    }

    @Test
    void shouldUpsertSelectedRowsOnConflictInPostgres() {
        UpsertStatements upsert = postgres.upsert(SPEED_VIEW);

        assertThat(upsert.insertSelected("SELECT ingest_bucket, event_hour, location, tweet_count, followers_sum,"
                + " favorites_sum, retweets_sum FROM speed_view_incoming WHERE epoch = ? AND batch_id = ?")).isEqualTo(
                "INSERT INTO speed_view (ingest_bucket, event_hour, location, tweet_count, followers_sum, favorites_sum,"
                        + " retweets_sum) SELECT ingest_bucket, event_hour, location, tweet_count, followers_sum,"
                        + " favorites_sum, retweets_sum FROM speed_view_incoming WHERE epoch = ? AND batch_id = ?"
                        + " ON CONFLICT (ingest_bucket, event_hour, location) DO UPDATE SET tweet_count = EXCLUDED.tweet_count,"
                        + " followers_sum = EXCLUDED.followers_sum, favorites_sum = EXCLUDED.favorites_sum,"
                        + " retweets_sum = EXCLUDED.retweets_sum");
    }

    @Test
    void shouldStageSelectedRowsBeforeTheMergeInRedshift() {
        UpsertStatements upsert = redshift.upsert(SPEED_VIEW);

        // The rows pass through the same temporary table and MERGE as bound rows do.
        assertThat(upsert.before()).containsExactly("CREATE TEMP TABLE speed_view_stage (LIKE speed_view)");
        assertThat(upsert.insertSelected("SELECT * FROM x WHERE batch_id = ?")).isEqualTo("INSERT INTO speed_view_stage"
                + " (ingest_bucket, event_hour, location, tweet_count, followers_sum, favorites_sum, retweets_sum)"
                + " SELECT * FROM x WHERE batch_id = ?");
        assertThat(upsert.after()).hasSize(2).last().isEqualTo("DROP TABLE speed_view_stage");
        assertThat(upsert.after().get(0)).startsWith("MERGE INTO speed_view USING speed_view_stage s ON ");
    }

    @Test
    void shouldLockATableWrittenByConcurrentTransactionsOnlyInRedshift() {
        assertThat(postgres.concurrentWriteSetup("speed_view_incoming")).isEmpty();
        assertThat(redshift.concurrentWriteSetup("speed_view_incoming")).containsExactly("LOCK speed_view_incoming");
    }

    @Test
    void shouldCopyCsvFromStandardInputInPostgres() {
        assertThat(postgres.copyReadsS3()).isFalse();
        assertThat(PostgresWarehouse.copyStatement("raw_batch", RAW_COLUMNS)).isEqualTo("COPY raw_batch (event_id, created_at,"
                + " location, followers_count, favorite_count, retweet_count, kafka_partition, kafka_offset, ingest_time, lang)"
                + " FROM STDIN WITH (FORMAT csv)");
    }

    @Test
    void shouldCopyThroughTheManifestWithTheRoleGzipAndJsonPathsInRedshift() {
        S3Files files = new S3Files("s3://lambda-archive/manifests/20261126T091530Z-3fa2c1.manifest",
                Optional.of("arn:aws:iam::123456789012:role/RedshiftCopy"), Optional.of("eu-west-1"));

        assertThat(redshift.copyReadsS3()).isTrue();
        assertThat(RedshiftWarehouse.copyStatement("raw_batch", RAW_COLUMNS, files)).isEqualTo(
                "COPY raw_batch (event_id, created_at, location, followers_count, favorite_count, retweet_count, kafka_partition,"
                        + " kafka_offset, ingest_time, lang)"
                        + " FROM 's3://lambda-archive/manifests/20261126T091530Z-3fa2c1.manifest'"
                        + " IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopy'"
                        + " MANIFEST GZIP"
                        + " FORMAT AS JSON 's3://lambda-archive/manifests/raw_batch.jsonpaths'"
                        + " TIMEFORMAT 'auto'"
                        + " TRUNCATECOLUMNS"
                        + " REGION 'eu-west-1'"
                        + " COMPUPDATE OFF STATUPDATE OFF");
    }

    @Test
    void shouldQuoteLiteralsInTheCopyStatement() {
        S3Files files = new S3Files("s3://lambda-archive/manifests/a'b.manifest",
                Optional.of("arn:aws:iam::123456789012:role/it's"), Optional.of("eu-west-1"));

        assertThat(RedshiftWarehouse.copyStatement("raw_batch", RAW_COLUMNS, files))
                .contains("IAM_ROLE 'arn:aws:iam::123456789012:role/it''s'", "FROM 's3://lambda-archive/manifests/a''b.manifest'");
    }

    @Test
    void shouldLeaveTheRegionToTheClusterWhenNoneIsConfigured() {
        S3Files files = new S3Files("s3://lambda-archive/manifests/run.manifest",
                Optional.of("arn:aws:iam::123456789012:role/RedshiftCopy"), Optional.empty());

        assertThat(RedshiftWarehouse.copyStatement("raw_batch", RAW_COLUMNS, files))
                .doesNotContain("REGION")
                .endsWith(" TIMEFORMAT 'auto' TRUNCATECOLUMNS COMPUPDATE OFF STATUPDATE OFF");
    }

    @Test
    void shouldBoundTheWaitForTheLockTableWithAStatementTimeout() {
        RedshiftTableLock lock = (RedshiftTableLock) redshift.lock(42, "batch_lock");

        assertThat(lock.livesInSchema()).isTrue();
        assertThat(lock.lockStatements(Duration.ofSeconds(30))).containsExactly(
                "SET statement_timeout TO 30000", "LOCK batch_lock", "SET statement_timeout TO 0");
        // statement_timeout 0 would mean no limit at all
        assertThat(lock.lockStatements(Duration.ZERO)).first().isEqualTo("SET statement_timeout TO 1");
        assertThat(postgres.lock(42, "batch_lock").livesInSchema()).isFalse();
    }

    @Test
    void shouldLoadRedshiftThroughTheManifestOfTheWrittenFilesNotThroughStreamedRows() {
        TableLoad load = redshift.load(null, "raw_batch", RAW_COLUMNS);

        assertThat(load.streamsRows()).isFalse();
        assertThatIllegalStateException().isThrownBy(() -> load.write(new byte[1], 0, 1))
                .withMessageContaining("reads the files from S3");
    }

    /** Files in S3 as the statement tests need them: only the manifest, role and region matter there. */
    private record S3Files(String manifestUrl, Optional<String> iamRole, Optional<String> region) implements CopySource {
        @Override
        public List<CopyFile> files() {
            return List.of(new CopyFile("raw/p=0/00000000000000000000.jsonl.gz", OptionalLong.of(1)));
        }

        @Override
        public String url(String key) {
            return "s3://lambda-archive/" + key;
        }

        @Override
        public void writeCsv(String key, OutputStream out) {
            throw new UnsupportedOperationException("Redshift reads the files from S3 itself");
        }

        @Override
        public String jsonPathsUrl() {
            return url("manifests/raw_batch.jsonpaths");
        }
    }
}
