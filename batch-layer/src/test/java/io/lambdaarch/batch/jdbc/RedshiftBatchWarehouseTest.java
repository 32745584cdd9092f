package io.lambdaarch.batch.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.batch.s3.ArchiveStore;
import io.lambdaarch.common.config.S3Settings;
import io.lambdaarch.common.config.Secret;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedshiftBatchWarehouseTest {
    private final ArchiveStore store = ArchiveStore.connect(new S3Settings(Optional.empty(), "lambda-archive",
            Optional.of("eu-west-1"), false, Optional.of("key"), Optional.of(new Secret("secret"))));
    private final RedshiftBatchWarehouse warehouse = new RedshiftBatchWarehouse(store,
            "arn:aws:iam::123456789012:role/RedshiftCopy", Optional.of("eu-west-1"));

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void shouldCopyARunThroughItsManifestWithTheRoleGzipAndJsonPaths() {
        assertThat(warehouse.copyStatement("raw_batch", "manifests/20261126T091530Z-3fa2c1.manifest")).isEqualTo(
                "COPY raw_batch (event_id, created_at, location, followers_count, favorite_count, retweet_count, kafka_partition,"
                        + " kafka_offset, ingest_time)"
                        + " FROM 's3://lambda-archive/manifests/20261126T091530Z-3fa2c1.manifest'"
                        + " IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopy'"
                        + " MANIFEST GZIP"
                        + " FORMAT AS JSON 's3://lambda-archive/manifests/raw_batch.jsonpaths'"
                        + " TIMEFORMAT 'auto'"
                        + " REGION 'eu-west-1'"
                        + " COMPUPDATE OFF STATUPDATE OFF");
    }

    @Test
    void shouldQuoteLiteralsInTheCopyStatement() {
        RedshiftBatchWarehouse odd = new RedshiftBatchWarehouse(store, "arn:aws:iam::123456789012:role/it's",
                Optional.of("eu-west-1"));

        assertThat(odd.copyStatement("raw_batch", "manifests/a'b.manifest"))
                .contains("IAM_ROLE 'arn:aws:iam::123456789012:role/it''s'", "FROM 's3://lambda-archive/manifests/a''b.manifest'");
    }

    @Test
    void shouldLeaveTheRegionToTheClusterWhenNoneIsConfigured() {
        RedshiftBatchWarehouse sameRegion = new RedshiftBatchWarehouse(store, "arn:aws:iam::123456789012:role/RedshiftCopy",
                Optional.empty());

        assertThat(sameRegion.copyStatement("raw_batch", "manifests/run.manifest"))
                .doesNotContain("REGION")
                .endsWith(" TIMEFORMAT 'auto' COMPUPDATE OFF STATUPDATE OFF");
    }

    @Test
    void shouldBuildTheNewViewInItsOwnTableAndSwapNamesWithoutTruncate() {
        assertThat(RedshiftBatchWarehouse.prepareNextViewStatements()).containsExactly(
                "DROP TABLE IF EXISTS batch_view_next",
                "CREATE TABLE batch_view_next (LIKE batch_view)");
        assertThat(RedshiftBatchWarehouse.swapStatements()).containsExactly(
                "ALTER TABLE batch_view RENAME TO batch_view_previous",
                "ALTER TABLE batch_view_next RENAME TO batch_view",
                "DROP TABLE batch_view_previous");
        assertThat(String.join(";", RedshiftBatchWarehouse.swapStatements())).doesNotContainIgnoringCase("TRUNCATE");
    }
}
