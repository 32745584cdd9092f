package io.lambdaarch.batch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestsTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void shouldWriteRedshiftsManifestFormatWithEveryFileMandatory() throws Exception {
        JsonNode manifest = mapper.readTree(Manifests.manifest(List.of(
                new Manifests.Entry("s3://b/raw/tweets/ingest_date=2026-11-26/part-0-0-9.jsonl.gz", 123),
                new Manifests.Entry("s3://b/raw/tweets/ingest_date=2026-11-26/part-1-0-4.jsonl.gz", 45))));

        assertThat(manifest.get("entries")).hasSize(2);
        assertThat(manifest.get("entries").get(0).get("url").asText()).isEqualTo("s3://b/raw/tweets/ingest_date=2026-11-26/part-0-0-9.jsonl.gz");
        assertThat(manifest.get("entries").get(0).get("mandatory").asBoolean()).isTrue();
        assertThat(manifest.get("entries").get(1).get("meta").get("content_length").asLong()).isEqualTo(45);
    }

    @Test
    void shouldListTheJsonPathsInColumnOrder() throws Exception {
        JsonNode paths = mapper.readTree(Manifests.rawBatchJsonPaths()).get("jsonpaths");

        assertThat(paths).extracting(JsonNode::asText).containsExactlyElementsOf(ArchiveLines.RAW_BATCH_JSONPATHS);
        assertThat(paths.get(0).asText()).isEqualTo("$.id");
        assertThat(paths.get(2).asText()).isEqualTo("$.user.location");
        assertThat(paths.get(ArchiveLines.RAW_BATCH_COLUMNS.indexOf("lang")).asText()).isEqualTo("$.lang");
        assertThat(paths).hasSameSizeAs(ArchiveLines.RAW_BATCH_COLUMNS);
    }
}
