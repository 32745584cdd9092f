package io.lambdaarch.demo.status;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small client of the serving layer's HTTP API: what a dashboard user sees is what the demo reports. */
public final class ServingApiClient {
    private final URI base;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public ServingApiClient(URI base) {
        this.base = requireNonNull(base, "base is null");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    public URI base() {
        return base;
    }

    /** {@code GET path}; throws {@link IOException} unless the answer is 200 with a JSON body. */
    public JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IOException("GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    /** {@code /api/totals} over all time. */
    public JsonNode totals() throws IOException, InterruptedException {
        return get("/api/totals");
    }

    /** {@code /api/top-locations} over all time. */
    public JsonNode topLocations(int limit) throws IOException, InterruptedException {
        return get("/api/top-locations?from=" + encode("0001-01-01T00:00:00Z") + "&to=" + encode("9999-12-31T00:00:00Z")
                + "&limit=" + limit);
    }

    /** True once {@code /health} answers 200. */
    public boolean isUp() {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
