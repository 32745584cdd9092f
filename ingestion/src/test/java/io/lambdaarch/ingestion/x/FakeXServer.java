package io.lambdaarch.ingestion.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local stand-in for the X API v2 filtered stream: the rules endpoints keep rules in memory, and each connection to
 * the stream plays the next scripted {@link Connection}: HTTP errors, a connection cut before or during the body,
 * posts and keep-alive line breaks, or a stream that goes silent until the server closes.
 */
final class FakeXServer implements AutoCloseable {
    /** What one stream connection does. */
    interface Connection {
        void play(HttpExchange exchange, FakeXServer server) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ObjectMapper json = new ObjectMapper();
    private final Deque<Connection> script = new ArrayDeque<>();
    private final List<String> streamRequests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();
    private final List<ObjectNode> rules = new ArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private int nextRuleId = 100;
    private int connections;

    FakeXServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext(XApiClient.RULES_PATH, this::rules);
        server.createContext(XApiClient.STREAM_PATH, this::stream);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    synchronized void addRule(String value, String tag) {
        ObjectNode rule = json.createObjectNode().put("id", Integer.toString(nextRuleId++)).put("value", value);
        if (tag != null) {
            rule.put("tag", tag);
        }
        rules.add(rule);
    }

    synchronized List<XRule> currentRules() {
        return rules.stream().map(r -> new XRule(r.get("id").asText(), r.get("value").asText(),
                r.hasNonNull("tag") ? r.get("tag").asText() : null)).toList();
    }

    /** Queues what the next stream connection does. */
    synchronized FakeXServer then(Connection connection) {
        script.add(connection);
        return this;
    }

    synchronized List<String> streamRequests() {
        return List.copyOf(streamRequests);
    }

    synchronized List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    synchronized int connections() {
        return connections;
    }

    /** Answers with an HTTP error and a problem body, as X does. */
    static Connection status(int status, String title) {
        return (exchange, server) -> {
            byte[] body = ("{\"title\":\"" + title + "\",\"detail\":\"" + title + " (test)\",\"type\":\"about:blank\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        };
    }

    /** Cuts the connection before any response. */
    static Connection cutBeforeResponse() {
        return (exchange, server) -> {
            throw new IOException("test: connection cut before the response");
        };
    }

    /** Streams {@code lines} (an empty string is a keep-alive), then ends as {@code ending} says. */
    static Connection stream(Ending ending, String... lines) {
        return (exchange, server) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            for (String line : lines) {
                body.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
                body.flush();
            }
            switch (ending) {
                case CUT -> throw new IOException("test: connection cut in the middle of the stream");
                case SILENT -> {
                    // No data, no keep-alive: only the client's stall detection ends this connection.
                    server.closing.await(5, TimeUnit.MINUTES);
                    exchange.close();
                }
            }
        };
    }

    /** How a streaming connection ends. */
    enum Ending {
        /** The TCP connection is dropped without ending the chunked body. */
        CUT,
        /** The server keeps the connection open and sends nothing more. */
        SILENT
    }

    private void stream(HttpExchange exchange) throws IOException {
        Connection connection;
        synchronized (this) {
            connections++;
            streamRequests.add(exchange.getRequestURI().getRawQuery());
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            connection = script.poll();
        }
        if (connection == null) {
            connection = stream(Ending.SILENT);
        }
        try {
            connection.play(exchange, this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void rules(HttpExchange exchange) throws IOException {
        ObjectNode response = json.createObjectNode();
        synchronized (this) {
            if (exchange.getRequestMethod().equals("GET")) {
                ArrayNode data = response.putArray("data");
                rules.forEach(data::add);
                response.putObject("meta").put("result_count", rules.size());
            } else {
                JsonNode request = json.readTree(exchange.getRequestBody());
                int created = 0;
                for (JsonNode add : request.path("add")) {
                    addRule(add.get("value").asText(), add.hasNonNull("tag") ? add.get("tag").asText() : null);
                    created++;
                }
                int deleted = 0;
                for (JsonNode id : request.path("delete").path("ids")) {
                    if (rules.removeIf(rule -> rule.get("id").asText().equals(id.asText()))) {
                        deleted++;
                    }
                }
                response.putObject("meta").putObject("summary").put("created", created).put("not_created", 0)
                        .put("deleted", deleted).put("not_deleted", 0);
            }
        }
        byte[] body = json.writeValueAsBytes(response);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
