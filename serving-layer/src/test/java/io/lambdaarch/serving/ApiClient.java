package io.lambdaarch.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A small HTTP client for the tests: GET a path with query parameters, read JSON or text. */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    public ApiClient(URI base) {
        this.base = base;
    }

    public record Response(int status, String contentType, String body, HttpHeaders headers) {
        public String header(String name) {
            return headers.firstValue(name).orElse("");
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    /** Builds a query from name/value pairs, URL-encoding each value. */
    public static Map<String, String> query(String... nameValues) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            query.put(nameValues[i], nameValues[i + 1]);
        }
        return query;
    }

    public Response get(String path, Map<String, String> query) {
        String encoded = query.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return getRaw(path + (encoded.isEmpty() ? "" : "?" + encoded));
    }

    public Response get(String path) {
        return getRaw(path);
    }

    /** GET {@code pathAndQuery} exactly as given (for malformed or repeated parameters). */
    public Response getRaw(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(60)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends {@code GET target} over a plain socket, byte for byte, for targets {@link URI} refuses (bad escapes).
     * Returns the status and the body.
     */
    public Response getOverSocket(String target) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyStart = response.indexOf("\r\n\r\n");
            String head = response.substring(0, bodyStart);
            Matcher type = Pattern.compile("(?im)^content-type: *(.*)$").matcher(head);
            return new Response(status, type.find() ? type.group(1).strip() : "", response.substring(bodyStart + 4),
                    HttpHeaders.of(Map.of(), (a, b) -> true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code method target} over a plain socket with {@code headers} (a Host header is added unless given) and
     * reads the whole answer, for what {@link HttpClient} will not send: made-up methods, odd headers, bad escapes.
     */
    public Response exchange(String method, String target, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        if (headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("Host"))) {
            head.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            byte[] response = socket.getInputStream().readAllBytes();
            String text = new String(response, StandardCharsets.ISO_8859_1);
            int bodyStart = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, bodyStart).split("\r\n");
            Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                fields.computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
            String body = new String(response, bodyStart + 4, response.length - bodyStart - 4, StandardCharsets.UTF_8);
            HttpHeaders parsed = HttpHeaders.of(fields, (a, b) -> true);
            return new Response(Integer.parseInt(lines[0].substring(9, 12)),
                    parsed.firstValue("Content-Type").orElse(""), body, parsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of one Prometheus sample on /metrics, e.g. {@code hikaricp_connections_usage_seconds_count}. */
    public double metric(String name, String labels) {
        String text = get("metrics").body();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{([^}]*)\\})? (\\S+)$").matcher(text);
        while (matcher.find()) {
            if (matcher.group(1) == null && labels.isEmpty() || matcher.group(1) != null && matcher.group(1).contains(labels)) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        throw new AssertionError("no sample " + name + "{" + labels + "} in /metrics:\n" + text);
    }
}
