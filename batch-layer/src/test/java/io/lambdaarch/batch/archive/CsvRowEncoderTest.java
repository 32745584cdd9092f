package io.lambdaarch.batch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.event.TweetEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvRowEncoderTest {

    @Test
    void shouldEncodeRowsAsCsvWithQuotedTextAndMicrosecondTimestamps() throws IOException {
        TweetEvent event = new TweetEvent("42", Instant.parse("0001-01-01T00:00:00.000001Z"), null, 5,
                "a \"quoted\", place\\ here", 6, 7, null, null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new CsvRowEncoder().encode(new RawRow(event, 2, 99, Instant.parse("2026-11-26T09:15:31.123Z")), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "42,0001-01-01 00:00:00.000001,\"a \"\"quoted\"\", place\\ here\",5,6,7,2,99,2026-11-26 09:15:31.123000,\n");
    }

    @Test
    void shouldWriteTimestampsAsTheFormatterDoesForAnyInstantTruncatedToMicroseconds() {
        DateTimeFormatter formatter = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
        Random random = new Random(7);
        CsvRowEncoder encoder = new CsvRowEncoder();
        for (int i = 0; i < 10_000; i++) {
            Instant createdAt = Instant.ofEpochSecond(random.nextLong(-62_135_596_800L, 253_402_300_800L), random.nextInt(1_000_000_000));
            encoder.encode(new TweetEvent("1", createdAt, null, 0, "x", 0, 0, null, null, null), 0, 0, Instant.EPOCH);
            String line = new String(encoder.bytes(), 0, encoder.length(), StandardCharsets.UTF_8);
            assertThat(line).startsWith("1," + formatter.format(LocalDateTime.ofInstant(createdAt, ZoneOffset.UTC)) + ",");
        }
    }

    @Test
    void shouldQuoteMultiByteTextAndReuseItsBufferForShorterLines() {
        CsvRowEncoder encoder = new CsvRowEncoder();
        String longPlace = "\"Café 😀\" 東京 " + "x".repeat(600);
        encoder.encode(new TweetEvent("7", Instant.EPOCH, null, 1, longPlace, 2, 3, null, null, null), 1, 2, Instant.EPOCH);
        assertThat(new String(encoder.bytes(), 0, encoder.length(), StandardCharsets.UTF_8)).isEqualTo(
                "7,1970-01-01 00:00:00.000000,\"\"\"Café 😀\"\" 東京 " + "x".repeat(600) + "\",1,2,3,1,2,1970-01-01 00:00:00.000000,\n");

        encoder.encode(new TweetEvent("8", Instant.EPOCH, null, 0, "", 0, 0, null, null, null), 0, 0, Instant.EPOCH);
        assertThat(new String(encoder.bytes(), 0, encoder.length(), StandardCharsets.UTF_8))
                .isEqualTo("8,1970-01-01 00:00:00.000000,\"\",0,0,0,0,0,1970-01-01 00:00:00.000000,\n");
    }

    @Test
    void shouldWriteLangQuotedAndCutToTheCodePointsAViewKeepsOrNullWhenAbsent() {
        CsvRowEncoder encoder = new CsvRowEncoder();
        encoder.encode(new TweetEvent("9", Instant.EPOCH, null, 0, "x", 0, 0, "pt-\"BR\"", null, null), 0, 0, Instant.EPOCH);
        assertThat(new String(encoder.bytes(), 0, encoder.length(), StandardCharsets.UTF_8))
                .isEqualTo("9,1970-01-01 00:00:00.000000,\"x\",0,0,0,0,0,1970-01-01 00:00:00.000000,\"pt-\"\"BR\"\"\"\n");

        encoder.encode(new TweetEvent("9", Instant.EPOCH, null, 0, "x", 0, 0, "", null, null), 0, 0, Instant.EPOCH);
        assertThat(new String(encoder.bytes(), 0, encoder.length(), StandardCharsets.UTF_8))
                .as("an empty lang is a value, not NULL").endsWith(",\"\"\n");

        String tooLong = "😀".repeat(300);
        encoder.encode(new TweetEvent("9", Instant.EPOCH, null, 0, "x", 0, 0, tooLong, null, null), 0, 0, Instant.EPOCH);
        assertThat(new String(encoder.bytes(), 0, encoder.length(), StandardCharsets.UTF_8))
                .endsWith(",\"" + "😀".repeat(256) + "\"\n");
    }
}
