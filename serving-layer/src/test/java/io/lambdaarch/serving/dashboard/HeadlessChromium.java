package io.lambdaarch.serving.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven over the Chrome DevTools Protocol with nothing but
 * {@code java.net.http}: launch with a fresh profile, open a page, evaluate JavaScript, take a screenshot.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STARTUP = Duration.ofSeconds(90);

    private final Process process;
    private final Path profile;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private HeadlessChromium(Process process, Path profile, int port) {
        this.process = process;
        this.profile = profile;
        this.port = port;
    }

    /** The first Chromium on the PATH, if any. */
    static Optional<Path> findBinary() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of("chromium", "chromium-browser", "google-chrome")
                .flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Starts Chromium headless with a new profile directory, as root may (no sandbox). */
    static HeadlessChromium launch(Path binary) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("lambda-chromium-");
        List<String> command = List.of(binary.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1400", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "about:blank");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return new HeadlessChromium(process, profile, Integer.parseInt(lines.get(0).strip()));
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        String log = Files.readString(profile.resolve("chromium.log"));
        process.destroyForcibly();
        deleteQuietly(profile);
        throw new IllegalStateException("Chromium did not open its DevTools port within " + STARTUP + ":\n" + log);
    }

    /** Opens a new tab and connects to it. */
    Page newPage() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/new?about:blank"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build();
        JsonNode target = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        return Page.connect(http, URI.create(target.get("webSocketDebuggerUrl").asText()));
    }

    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        deleteQuietly(profile);
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary profile left behind is harmless
        }
    }

    /** One tab, spoken to over its DevTools WebSocket. */
    static final class Page implements WebSocket.Listener, AutoCloseable {
        private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Page connect(HttpClient http, URI debuggerUrl) {
            Page page = new Page();
            page.socket = http.newWebSocketBuilder().buildAsync(debuggerUrl, page).join();
            page.send("Runtime.enable", JSON.createObjectNode());
            page.send("Log.enable", JSON.createObjectNode());
            page.send("Page.enable", JSON.createObjectNode());
            return page;
        }

        /** Sends a command and waits for its result. */
        JsonNode send(String method, ObjectNode params) {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            pending.put(id, reply);
            ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
            message.set("params", params);
            socket.sendText(message.toString(), true).join();
            JsonNode response = reply.orTimeout(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
            if (response.has("error")) {
                throw new IllegalStateException(method + " failed: " + response.get("error"));
            }
            return response.get("result");
        }

        void navigate(URI url) {
            send("Page.navigate", JSON.createObjectNode().put("url", url.toString()));
        }

        /** Evaluates {@code expression} in the page (awaiting a promise) and returns its JSON value. */
        JsonNode evaluate(String expression) {
            JsonNode result = send("Runtime.evaluate", JSON.createObjectNode()
                    .put("expression", expression).put("returnByValue", true).put("awaitPromise", true));
            if (result.has("exceptionDetails")) {
                throw new IllegalStateException("JavaScript failed: " + result.get("exceptionDetails"));
            }
            return result.get("result").get("value");
        }

        /** A PNG of the whole page. */
        byte[] screenshot() {
            JsonNode result = send("Page.captureScreenshot", JSON.createObjectNode()
                    .put("format", "png").put("captureBeyondViewport", true));
            return Base64.getDecoder().decode(result.get("data").asText());
        }

        /** Uncaught exceptions, console errors and browser errors (such as content security policy violations). */
        List<String> errors() {
            synchronized (errors) {
                return List.copyOf(errors);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                handle(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(String text) {
            JsonNode message;
            try {
                message = JSON.readTree(text);
            } catch (IOException e) {
                errors.add("unreadable DevTools message: " + text);
                return;
            }
            if (message.has("id")) {
                CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
                if (reply != null) {
                    reply.complete(message);
                }
                return;
            }
            String method = message.path("method").asText();
            JsonNode params = message.path("params");
            switch (method) {
                case "Runtime.exceptionThrown" -> errors.add("exception: " + params.path("exceptionDetails"));
                case "Runtime.consoleAPICalled" -> {
                    if (params.path("type").asText().equals("error")) {
                        errors.add("console.error: " + params.path("args"));
                    }
                }
                case "Log.entryAdded" -> {
                    if (params.path("entry").path("level").asText().equals("error")) {
                        errors.add("log: " + params.path("entry").path("text").asText() + " "
                                + params.path("entry").path("url").asText());
                    }
                }
                default -> {
                    // other events are not needed
                }
            }
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null).join();
        }
    }
}
