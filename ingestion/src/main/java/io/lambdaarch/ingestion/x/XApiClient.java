package io.lambdaarch.ingestion.x;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdaarch.common.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The few X API v2 calls the ingestion service makes, over java.net.http with an app-only bearer token: list, add and
 * delete filtered-stream rules, and open the stream itself with the post fields the event needs
 * (https://docs.x.com/x-api/posts/filtered-stream/introduction).
 */
public final class XApiClient {
    public static final String STREAM_PATH = "/2/tweets/search/stream";
    public static final String RULES_PATH = "/2/tweets/search/stream/rules";
    /** What the stream must carry for an event: created_at, counts, language and the author's location and followers. */
    public static final String STREAM_QUERY =
            "tweet.fields=created_at,lang,public_metrics,author_id&expansions=author_id&user.fields=location,public_metrics";
    // Until the response headers arrive; the body itself is watched by the stall timeout instead.
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_ERROR_CHARS = 300;

    private final HttpClient http;
    private final URI baseUrl;
    private final Secret bearerToken;
    private final ObjectMapper mapper = new ObjectMapper();

    public XApiClient(HttpClient http, URI baseUrl, Secret bearerToken) {
        this.http = requireNonNull(http, "http is null");
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
        this.bearerToken = requireNonNull(bearerToken, "bearerToken is null");
    }

    /** An HTTP client suitable for the stream: HTTP/1.1, bounded connect time, redirects followed. */
    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** The rules the stream currently filters with. */
    public List<XRule> rules() throws IOException, InterruptedException, XApiException {
        JsonNode body = send(request(RULES_PATH).GET().build());
        List<XRule> rules = new ArrayList<>();
        for (JsonNode rule : body.path("data")) {
            rules.add(new XRule(rule.path("id").asText(), rule.path("value").asText(), text(rule.get("tag"))));
        }
        return rules;
    }

    /** Adds rules; fails if X rejects any of them (invalid syntax, too many rules). */
    public void addRules(List<XRule> rules) throws IOException, InterruptedException, XApiException {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode add = body.putArray("add");
        for (XRule rule : rules) {
            ObjectNode entry = add.addObject().put("value", rule.value());
            if (rule.tag() != null) {
                entry.put("tag", rule.tag());
            }
        }
        checkSummary(send(post(body)), "add", "not_created");
    }

    /** Deletes rules by id. */
    public void deleteRules(List<String> ids) throws IOException, InterruptedException, XApiException {
        ObjectNode body = mapper.createObjectNode();
        ArrayNode idArray = body.putObject("delete").putArray("ids");
        ids.forEach(idArray::add);
        checkSummary(send(post(body)), "delete", "not_deleted");
    }

    /**
     * Opens the stream and returns once the server accepted it (HTTP 200); lines then arrive on the connection.
     *
     * @throws XApiException if the server answered with another status
     * @throws IOException if the connection could not be made
     */
    StreamConnection openStream(int maxLineBytes) throws IOException, InterruptedException, XApiException {
        HttpRequest request = request(STREAM_PATH + "?" + STREAM_QUERY).GET().build();
        // ofPublisher returns as soon as the headers are in; a body handler that consumes the body would block until
        // the stream ends.
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = http.send(request, HttpResponse.BodyHandlers.ofPublisher());
        if (response.statusCode() != 200) {
            throw error("stream", response.statusCode(), readErrorBody(response.body()));
        }
        StreamConnection connection = new StreamConnection(maxLineBytes);
        response.body().subscribe(connection);
        return connection;
    }

    private static String readErrorBody(Flow.Publisher<List<ByteBuffer>> body) throws InterruptedException {
        HttpResponse.BodySubscriber<String> reader = BodySubscribers.ofString(StandardCharsets.UTF_8);
        body.subscribe(reader);
        try {
            return reader.getBody().toCompletableFuture().get(RESPONSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "(no readable body: " + e.getMessage() + ")";
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(baseUrl.resolve(pathAndQuery))
                .timeout(RESPONSE_TIMEOUT)
                .header("Authorization", "Bearer " + bearerToken.reveal())
                .header("User-Agent", "lambda-arch-ingest");
    }

    private HttpRequest post(JsonNode body) throws IOException {
        return request(RULES_PATH)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
                .build();
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException, XApiException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw error("rules", response.statusCode(), response.body());
        }
        return mapper.readTree(response.body());
    }

    private void checkSummary(JsonNode body, String action, String failedField) throws XApiException {
        if (body.path("meta").path("summary").path(failedField).asInt(0) > 0) {
            throw new XApiException(200, "X API rejected the rules to " + action + ": " + shorten(body.path("errors").toString()));
        }
    }

    private XApiException error(String call, int status, String body) {
        // X answers errors as problem JSON with title and detail; fall back to the raw body.
        String explanation = shorten(body);
        try {
            JsonNode problem = mapper.readTree(body);
            JsonNode first = problem.path("errors").path(0);
            JsonNode source = first.isMissingNode() ? problem : first;
            List<String> parts = new ArrayList<>();
            for (String field : List.of("title", "detail")) {
                String value = text(source.get(field));
                if (value != null) {
                    parts.add(value);
                }
            }
            if (!parts.isEmpty()) {
                explanation = shorten(String.join(": ", parts));
            }
        } catch (IOException e) {
            // not JSON: keep the raw body
        }
        return new XApiException(status, String.format("X API %s request to %s failed with HTTP %d: %s",
                call, baseUrl, status, explanation));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String shorten(String value) {
        String oneLine = value.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_ERROR_CHARS ? oneLine : oneLine.substring(0, MAX_ERROR_CHARS) + "...";
    }
}
