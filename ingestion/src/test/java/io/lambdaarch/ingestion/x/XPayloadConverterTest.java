package io.lambdaarch.ingestion.x;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.common.event.InvalidReason;
import io.lambdaarch.common.event.TweetEvent;
import io.lambdaarch.common.event.ValidationResult;
import io.lambdaarch.ingestion.DecodedItem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
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
        assertThat(single(payload)).isEqualTo(new ValidationResult.Valid(new TweetEvent(
                "1862233445566778899", Instant.parse("2026-11-26T09:15:30Z"), "42", 1200, "Berlin, Germany", 3, 1, "de",
                "hello", "x-stream")));
    }

    @Test
    void shouldKeepAPostWhoseAuthorIsNotIncluded() {
        String payload = "{\"data\":{\"id\":\"5\",\"author_id\":\"9\",\"created_at\":\"2026-11-26T09:15:30Z\"}}";
        ValidationResult result = single(payload);
        assertThat(result).isInstanceOf(ValidationResult.Valid.class);
        TweetEvent event = ((ValidationResult.Valid) result).event();
        assertThat(event.userId()).isEqualTo("9");
        assertThat(event.location()).isEqualTo("unknown");
        assertThat(event.followersCount()).isZero();
        assertThat(event.favoriteCount()).isZero();
    }

    @Test
    void shouldMakeEachPostOfAPageOneEventWithItsAuthorFromThePage() {
        String page = """
                {"data":[
                   {"id":"101","text":"one","author_id":"1","created_at":"2026-11-26T09:00:00.000Z","lang":"en",
                    "edit_history_tweet_ids":["101"],"public_metrics":{"retweet_count":2,"reply_count":0,"like_count":5,"quote_count":0}},
                   {"id":"102","text":"two","author_id":"2","created_at":"2026-11-26T10:00:00.000Z","lang":"fr",
                    "edit_history_tweet_ids":["102"],"public_metrics":{"retweet_count":0,"reply_count":1,"like_count":0,"quote_count":0}},
                   {"id":"103","text":"three","author_id":"1","created_at":"2026-11-26T11:00:00.000Z","lang":"en",
                    "edit_history_tweet_ids":["103"]}],
                 "includes":{"users":[
                   {"id":"1","name":"One","username":"one","location":"Oslo","public_metrics":{"followers_count":10}},
                   {"id":"2","name":"Two","username":"two","public_metrics":{"followers_count":20}}]},
                 "meta":{"newest_id":"103","oldest_id":"101","result_count":3,"next_token":"b26v89c19zqg8o3f"},
                 "__twarc":{"url":"https://api.x.com/2/tweets/search/recent","version":"2.14.0","retrieved_at":"2026-11-26T12:00:00+00:00"}}""";
        List<DecodedItem> items = converter.decode(bytes(page));
        assertThat(items).extracting(item -> ((DecodedItem.Event) item).part()).containsExactly("data[0]", "data[1]", "data[2]");
        assertThat(items).extracting(item -> ((DecodedItem.Event) item).result()).containsExactly(
                valid("101", "2026-11-26T09:00:00Z", "1", 10, "Oslo", 5, 2, "en", "one"),
                valid("102", "2026-11-26T10:00:00Z", "2", 20, "unknown", 0, 0, "fr", "two"),
                valid("103", "2026-11-26T11:00:00Z", "1", 10, "Oslo", 0, 0, "en", "three"));
    }

    @Test
    void shouldRejectOnlyTheBadPostOfAPageAndHandOverThatPost() {
        String page = "{\"data\":[{\"id\":\"201\",\"created_at\":\"2026-11-26T09:00:00Z\"},"
                + "{\"id\":\"202\",\"created_at\":\"yesterday\"},7],\"meta\":{\"result_count\":3}}";
        List<DecodedItem> items = converter.decode(bytes(page));
        assertThat(items).hasSize(3);
        assertThat(((DecodedItem.Event) items.get(0)).result().isValid()).isTrue();
        DecodedItem.Event bad = (DecodedItem.Event) items.get(1);
        assertThat(bad.part()).isEqualTo("data[1]");
        assertThat(((ValidationResult.Invalid) bad.result()).reason()).isEqualTo(InvalidReason.INVALID_CREATED_AT);
        assertThat(new String(bad.raw(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"202\",\"created_at\":\"yesterday\"}");
        DecodedItem.Event notAPost = (DecodedItem.Event) items.get(2);
        assertThat(((ValidationResult.Invalid) notAPost.result()).reason()).isEqualTo(InvalidReason.NOT_AN_OBJECT);
        assertThat(notAPost.part()).isEqualTo("data[2]");
    }

    @Test
    void shouldReadAFlattenedPostWithItsAuthorInlined() {
        String flattened = """
                {"id":"301","text":"flat","author_id":"3","created_at":"2026-11-26T09:30:00.000Z","lang":"es",
                 "edit_history_tweet_ids":["301"],"public_metrics":{"retweet_count":4,"reply_count":0,"like_count":6,"quote_count":0},
                 "author":{"id":"3","name":"Three","username":"three","location":"Madrid","public_metrics":{"followers_count":30}},
                 "__twarc":{"url":"https://api.x.com/2/tweets/search/all","version":"2.14.0","retrieved_at":"2026-11-26T12:00:00+00:00"}}""";
        assertThat(single(flattened)).isEqualTo(valid("301", "2026-11-26T09:30:00Z", "3", 30, "Madrid", 6, 4, "es", "flat"));
    }

    @Test
    void shouldKeyAnEditedPostByItsOriginalId() {
        String original = "{\"data\":{\"id\":\"401\",\"created_at\":\"2026-11-26T09:00:00Z\",\"edit_history_tweet_ids\":[\"401\"]}}";
        String edited = "{\"data\":{\"id\":\"405\",\"created_at\":\"2026-11-26T09:10:00Z\",\"edit_history_tweet_ids\":[\"401\",\"405\"]}}";
        assertThat(((ValidationResult.Valid) single(original)).event().id()).isEqualTo("401");
        assertThat(((ValidationResult.Valid) single(edited)).event().id()).isEqualTo("401");
    }

    @Test
    void shouldSkipMessagesThatHoldNoPost() {
        String disconnect = "{\"errors\":[{\"title\":\"operational-disconnect\",\"disconnect_type\":\"UpstreamOperationalDisconnect\"}]}";
        assertThat(converter.decode(bytes(disconnect))).singleElement().isInstanceOfSatisfying(DecodedItem.Skipped.class,
                skipped -> assertThat(skipped.detail()).contains("operational-disconnect"));
        String emptyPage = "{\"meta\":{\"result_count\":0}}";
        assertThat(converter.decode(bytes(emptyPage))).singleElement().isInstanceOf(DecodedItem.Skipped.class);
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
        assertThat(reason("{\"data\":\"post\"}")).isEqualTo(InvalidReason.INVALID_FIELD);
        // An overlong encoding of '/' (C0 AF) is not UTF-8, whatever a lenient parser makes of it.
        byte[] overlong = {'{', '"', 'd', 'a', 't', 'a', '"', ':', '{', '"', 't', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}', '}'};
        DecodedItem.Event item = (DecodedItem.Event) converter.decode(overlong).get(0);
        assertThat(((ValidationResult.Invalid) item.result()).reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
        assertThat(item.raw()).isEqualTo(overlong);
    }

    private ValidationResult single(String payload) {
        List<DecodedItem> items = converter.decode(bytes(payload));
        assertThat(items).hasSize(1);
        DecodedItem.Event item = (DecodedItem.Event) items.get(0);
        assertThat(item.part()).isEmpty();
        return item.result();
    }

    private InvalidReason reason(String payload) {
        ValidationResult result = single(payload);
        assertThat(result).isInstanceOf(ValidationResult.Invalid.class);
        return ((ValidationResult.Invalid) result).reason();
    }

    private static ValidationResult valid(String id, String createdAt, String userId, long followers, String location,
            long likes, long retweets, String lang, String text) {
        return new ValidationResult.Valid(new TweetEvent(id, Instant.parse(createdAt), userId, followers, location, likes,
                retweets, lang, text, "x-stream"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
