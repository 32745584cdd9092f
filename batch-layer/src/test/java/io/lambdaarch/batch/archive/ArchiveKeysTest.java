package io.lambdaarch.batch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ArchiveKeysTest {

    @Test
    void shouldFollowTheLayoutOfTheDesign() {
        assertThat(ArchiveKeys.dataKey(ArchiveKind.RAW, Instant.parse("2026-11-26T23:59:59.999Z"), 2, 1000, 1999))
                .isEqualTo("raw/tweets/ingest_date=2026-11-26/part-2-1000-1999.jsonl.gz");
        assertThat(ArchiveKeys.dataKey(ArchiveKind.QUARANTINE, Instant.parse("2026-11-27T00:00:00Z"), 0, 5, 5))
                .isEqualTo("quarantine/tweets/ingest_date=2026-11-27/part-0-5-5.jsonl.gz");
        assertThat(ArchiveKeys.manifestKey("20261126T091530Z-3fa2c1")).isEqualTo("manifests/20261126T091530Z-3fa2c1.manifest");
    }

    @Test
    void shouldParseWhatItFormats() {
        String key = ArchiveKeys.dataKey(ArchiveKind.RAW, Instant.parse("2026-01-02T03:04:05Z"), 11, 123, 4567);

        assertThat(ArchiveKeys.parse(key)).contains(new ArchiveKeys.DataKey(key, ArchiveKind.RAW, LocalDate.parse("2026-01-02"),
                11, 123, 4567));
    }

    @Test
    void shouldNotParseKeysOutsideTheLayout() {
        assertThat(ArchiveKeys.parse("raw/tweets/ingest_date=2026-01-02/part-1-2.jsonl.gz")).isEmpty();
        assertThat(ArchiveKeys.parse("raw/other/ingest_date=2026-01-02/part-1-2-3.jsonl.gz")).isEmpty();
        assertThat(ArchiveKeys.parse("manifests/x.manifest")).isEmpty();
        assertThat(ArchiveKeys.parse("raw/tweets/ingest_date=2026-13-02/part-1-2-3.jsonl.gz")).isEmpty();
    }
}
