package io.lambdaarch.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdaarch.common.event.TweetEvent;
import io.lambdaarch.ingestion.synthetic.SyntheticGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a synthetic run must have put on the topic and the DLQ, recomputed from the workload alone. */
public final class ExpectedEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, TweetEvent> events;
    private final long malformed;
    private final long duplicates;

    private ExpectedEvents(Map<String, TweetEvent> events, long malformed, long duplicates) {
        this.events = events;
        this.malformed = malformed;
        this.duplicates = duplicates;
    }

    /** The truth about the first {@code read} records of {@code generator}'s workload. */
    public static ExpectedEvents of(SyntheticGenerator generator, long read) {
        Map<String, TweetEvent> events = new HashMap<>();
        long[] malformedAndDuplicates = new long[2];
        generator.records(read).forEach(record -> {
            switch (record.kind()) {
                case EVENT -> events.put(record.event().id(), record.event());
                case MALFORMED -> malformedAndDuplicates[0]++;
                case DUPLICATE -> malformedAndDuplicates[1]++;
            }
        });
        return new ExpectedEvents(events, malformedAndDuplicates[0], malformedAndDuplicates[1]);
    }

    public Map<String, TweetEvent> events() {
        return events;
    }

    public long malformed() {
        return malformed;
    }

    public long duplicates() {
        return duplicates;
    }

    /** Problems with what the topic holds: ids missing, ids more than once, ids not expected, content that differs. */
    public List<String> problems(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Integer> perId = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String id = TopicContents.text(record.key());
            perId.merge(id, 1, Integer::sum);
            TweetEvent expected = events.get(id);
            if (expected == null) {
                problems.add("unexpected id " + id);
            } else if (!json(record.value()).equals(json(expectedJson(expected).toString().getBytes(StandardCharsets.UTF_8)))) {
                problems.add("content of " + id + ": " + TopicContents.text(record.value()) + " instead of " + expectedJson(expected));
            }
        }
        perId.forEach((id, count) -> {
            if (count > 1) {
                problems.add(id + " stored " + count + " times");
            }
        });
        events.keySet().stream().filter(id -> !perId.containsKey(id)).limit(20).forEach(id -> problems.add("missing " + id));
        return problems;
    }

    /**
     * The canonical JSON of an event, built field by field here rather than with the code under test. Compare it
     * after a round trip through text: Jackson's number nodes are only equal when their types are.
     */
    private static JsonNode expectedJson(TweetEvent event) {
        ObjectNode json = JSON.createObjectNode();
        json.put("v", 1).put("id", event.id()).put("created_at", event.createdAt().toString());
        ObjectNode user = json.putObject("user");
        if (event.userId() != null) {
            user.put("id", event.userId());
        }
        user.put("followers_count", event.followersCount()).put("location", event.location());
        json.put("favorite_count", event.favoriteCount()).put("retweet_count", event.retweetCount());
        putIfPresent(json, "lang", event.lang());
        putIfPresent(json, "text", event.text());
        putIfPresent(json, "source", event.source());
        return json;
    }

    private static void putIfPresent(ObjectNode json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
