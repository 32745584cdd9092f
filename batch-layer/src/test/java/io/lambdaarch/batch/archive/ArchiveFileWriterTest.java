package io.lambdaarch.batch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveFileWriterTest {
    private static final Instant DAY_ONE = Instant.parse("2026-11-26T10:00:00Z");

    @TempDir
    Path tempDir;

    private final Map<String, String> uploaded = new LinkedHashMap<>();
    private final List<ArchiveFile> heard = new ArrayList<>();

    @Test
    void shouldCutFilesByRecordCount() {
        try (ArchiveFileWriter writer = writer(3, 1_000_000)) {
            for (long offset = 10; offset < 17; offset++) {
                append(writer, offset, DAY_ONE, "line " + offset);
            }
            writer.flush();

            assertThat(uploaded.keySet()).containsExactly(
                    "raw/tweets/ingest_date=2026-11-26/part-4-10-12.jsonl.gz",
                    "raw/tweets/ingest_date=2026-11-26/part-4-13-15.jsonl.gz",
                    "raw/tweets/ingest_date=2026-11-26/part-4-16-16.jsonl.gz");
            assertThat(uploaded.values()).containsExactly("line 10\nline 11\nline 12\n", "line 13\nline 14\nline 15\n",
                    "line 16\n");
            assertThat(writer.files()).extracting(ArchiveFile::records).containsExactly(3L, 3L, 1L);
            assertThat(heard).isEqualTo(writer.files());
        }
    }

    @Test
    void shouldCutFilesBySizeWithTheCrossingLineLast() {
        try (ArchiveFileWriter writer = writer(100, 20)) {
            append(writer, 0, DAY_ONE, "0123456789");
            append(writer, 1, DAY_ONE, "0123456789");
            append(writer, 2, DAY_ONE, "x");
            writer.flush();

            assertThat(writer.files()).extracting(ArchiveFile::firstOffset, ArchiveFile::lastOffset, ArchiveFile::uncompressedBytes)
                    .containsExactly(tuple(0L, 1L, 22L), tuple(2L, 2L, 2L));
        }
    }

    @Test
    void shouldNeverLetAFileSpanTwoIngestDates() {
        try (ArchiveFileWriter writer = writer(100, 1_000_000)) {
            append(writer, 0, Instant.parse("2026-11-26T23:59:59.999Z"), "a");
            append(writer, 1, Instant.parse("2026-11-27T00:00:00Z"), "b");
            writer.flush();

            assertThat(uploaded.keySet()).containsExactly(
                    "raw/tweets/ingest_date=2026-11-26/part-4-0-0.jsonl.gz",
                    "raw/tweets/ingest_date=2026-11-27/part-4-1-1.jsonl.gz");
        }
    }

    @Test
    void shouldCutTheSameFilesForTheSameRecords() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (List<String> keys : List.of(first, second)) {
            uploaded.clear();
            try (ArchiveFileWriter writer = writer(4, 50)) {
                for (long offset = 100; offset < 130; offset++) {
                    append(writer, offset, DAY_ONE.plusSeconds(offset * 1000), "record " + "x".repeat((int) (offset % 7)));
                }
                writer.flush();
            }
            keys.addAll(uploaded.keySet());
        }

        assertThat(first).isNotEmpty().isEqualTo(second);
    }

    @Test
    void shouldLeaveNoStagingFileBehind() throws IOException {
        try (ArchiveFileWriter writer = writer(2, 1_000_000)) {
            append(writer, 0, DAY_ONE, "a");
            append(writer, 1, DAY_ONE, "b");
            append(writer, 2, DAY_ONE, "c");
        }

        try (Stream<Path> files = Files.list(tempDir)) {
            assertThat(files).isEmpty();
        }
        assertThat(uploaded).hasSize(1);
    }

    @Test
    void shouldRejectOffsetsThatDoNotIncrease() {
        try (ArchiveFileWriter writer = writer(10, 1_000_000)) {
            append(writer, 5, DAY_ONE, "a");

            assertThatThrownBy(() -> append(writer, 5, DAY_ONE, "b")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private ArchiveFileWriter writer(long maxRecords, long maxBytes) {
        return new ArchiveFileWriter(ArchiveKind.RAW, 4, maxRecords, maxBytes, tempDir, (key, file) -> {
            try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                uploaded.put(key, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, heard::add);
    }

    private static void append(ArchiveFileWriter writer, long offset, Instant ingestTime, String line) {
        byte[] bytes = (line + "garbage after the line").getBytes(StandardCharsets.UTF_8);
        writer.append(offset, ingestTime, bytes, line.getBytes(StandardCharsets.UTF_8).length);
    }
}
