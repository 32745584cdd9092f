package io.lambdaarch.ingestion.x;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.common.event.InvalidReason;
import io.lambdaarch.common.event.TweetEvent;
import io.lambdaarch.common.event.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class XPayloadConverterTest {
    private final XPayloadConverter converter = new XPayloadConverter(new EventValidator(), "x-stream");

    @Test
    void shouldMapAPostAndItsAuthor() {
        String payload = """
                {"data":{"id":"1862233445566778899","text":"hello","author_id":"42","created_at":"2026-11-26T09:15:30.000Z",
                  "lang":"de","public_metrics":{"retweet_count":1,"reply_count":0,"like_count":3,"quote_count":0}},
                 "includes":{"users":[{"id":"7","location":"Elsewhere"},
                   {"id":"42","name":"A","username":"a","location":"  Berlin,\\tGermany ",
                    "public_metrics":{"followers_count":1200,"following_count":5}}]},
                 "matching_rules":[{"id":"1","tag":"geo"}]}""";
        assertThat(converter.decode(bytes(payload))).isEqualTo(new ValidationResult.Valid(new TweetEvent(
                "1862233445566778899", Instant.parse("2026-11-26T09:15:30Z"), "42", 1200, "Berlin, Germany", 3, 1, "de",
                "hello", "x-stream")));
    }

    @Test
    void shouldKeepAPostWhoseAuthorIsNotIncluded() {
        String payload = "{\"data\":{\"id\":\"5\",\"author_id\":\"9\",\"created_at\":\"2026-11-26T09:15:30Z\"}}";
        ValidationResult result = converter.decode(bytes(payload));
        assertThat(result).isInstanceOf(ValidationResult.Valid.class);
        TweetEvent event = ((ValidationResult.Valid) result).event();
        assertThat(event.userId()).isEqualTo("9");
        assertThat(event.location()).isEqualTo("unknown");
        assertThat(event.followersCount()).isZero();
        assertThat(event.favoriteCount()).isZero();
    }

    @Test
    void shouldRejectAPostTheEventRulesReject() {
        String payload = "{\"data\":{\"id\":\"not-a-number\",\"created_at\":\"2026-11-26T09:15:30Z\"}}";
        assertThat(reason(payload)).isEqualTo(InvalidReason.INVALID_ID);
        assertThat(reason("{\"data\":{\"id\":\"1\",\"created_at\":\"2026-11-26T09:15:30Z\",\"public_metrics\":{\"like_count\":-1}}}"))
                .isEqualTo(InvalidReason.INVALID_COUNT);
    }

    @Test
    void shouldRejectWhatIsNotAPost() {
        assertThat(reason("{\"data\":")).isEqualTo(InvalidReason.MALFORMED_JSON);
        assertThat(reason("[1]")).isEqualTo(InvalidReason.NOT_AN_OBJECT);
        assertThat(reason("{\"includes\":{}}")).isEqualTo(InvalidReason.INVALID_FIELD);
        // An overlong encoding of '/' (C0 AF) is not UTF-8, whatever a lenient parser makes of it.
        byte[] overlong = {'{', '"', 'd', 'a', 't', 'a', '"', ':', '{', '"', 't', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}', '}'};
        assertThat(((ValidationResult.Invalid) converter.decode(overlong)).reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
        String disconnect = "{\"errors\":[{\"title\":\"operational-disconnect\",\"disconnect_type\":\"UpstreamOperationalDisconnect\"}]}";
        ValidationResult result = converter.decode(bytes(disconnect));
        assertThat(((ValidationResult.Invalid) result).describe()).contains("X system message").contains("operational-disconnect");
    }

    private InvalidReason reason(String payload) {
        ValidationResult result = converter.decode(bytes(payload));
        assertThat(result).isInstanceOf(ValidationResult.Invalid.class);
        return ((ValidationResult.Invalid) result).reason();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
