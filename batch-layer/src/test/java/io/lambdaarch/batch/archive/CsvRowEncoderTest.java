package io.lambdaarch.batch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.event.TweetEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CsvRowEncoderTest {

    @Test
    void shouldEncodeRowsAsCsvWithQuotedTextAndMicrosecondTimestamps() throws IOException {
        TweetEvent event = new TweetEvent("42", Instant.parse("0001-01-01T00:00:00.000001Z"), null, 5,
                "a \"quoted\", place\\ here", 6, 7, null, null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        CsvRowEncoder.encode(new RawRow(event, 2, 99, Instant.parse("2026-11-26T09:15:31.123Z")), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "42,0001-01-01 00:00:00.000001,\"a \"\"quoted\"\", place\\ here\",5,6,7,2,99,2026-11-26 09:15:31.123000\n");
    }
}
