package io.lambdaarch.ingestion.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.ingestion.source.RecordFormat;
import io.lambdaarch.ingestion.source.SourceRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplaySourceTest {
    private static final String CONTENT = "{\"a\":1}\r\n\n   \n{\"b\":2}\nnot json\n{\"c\":3}";

    @TempDir
    Path dir;

    @Test
    void shouldHandOverEveryNonBlankLineWithItsLineNumber() throws IOException {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, CONTENT);

        List<SourceRecord> records = readAll(file, 1024);

        assertThat(records).extracting(r -> new String(r.raw(), StandardCharsets.UTF_8))
                .containsExactly("{\"a\":1}", "{\"b\":2}", "not json", "{\"c\":3}");
        assertThat(records).extracting(SourceRecord::origin)
                .containsExactly("events.jsonl:1", "events.jsonl:4", "events.jsonl:5", "events.jsonl:6");
    }

    @Test
    void shouldReadGzipWhateverTheFileIsCalled() throws IOException {
        Path file = dir.resolve("events.data");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(CONTENT.getBytes(StandardCharsets.UTF_8));
        }

        assertThat(readAll(file, 1024)).hasSize(4);
    }

    @Test
    void shouldCutLinesOverTheLimit() throws IOException {
        Path file = dir.resolve("big.jsonl");
        Files.writeString(file, "x".repeat(5000) + "\n{\"ok\":true}\n");

        List<SourceRecord> records = readAll(file, 100);

        assertThat(records.get(0).truncated()).isTrue();
        assertThat(records.get(0).raw()).hasSize(100);
        assertThat(records.get(0).originalLength()).isEqualTo(5000);
        assertThat(records.get(1).truncated()).isFalse();
    }

    @Test
    void shouldSayWhenTheFileIsMissing() {
        assertThatThrownBy(() -> ReplaySource.open(dir.resolve("nope.jsonl"), RecordFormat.EVENT, 100))
                .isInstanceOf(TerseException.class)
                .hasMessageContaining("nope.jsonl does not exist");
    }

    @Test
    void shouldSayWhereACorruptGzipBreaks() throws IOException {
        Path file = dir.resolve("broken.jsonl.gz");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write("{\"a\":1}\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
        }
        byte[] gzip = bytes.toByteArray();
        Files.write(file, Arrays.copyOf(gzip, gzip.length / 2));

        assertThatThrownBy(() -> readAll(file, 100))
                .isInstanceOf(TerseException.class)
                .hasMessageContaining("Cannot read replay file");
    }

    private static List<SourceRecord> readAll(Path file, int maxRecordBytes) {
        List<SourceRecord> records = new ArrayList<>();
        try (ReplaySource source = ReplaySource.open(file, RecordFormat.EVENT, maxRecordBytes)) {
            SourceRecord record;
            while ((record = source.poll(Duration.ZERO)) != null) {
                records.add(record);
            }
            assertThat(source.exhausted()).isTrue();
        }
        return records;
    }
}
