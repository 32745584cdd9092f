package io.lambdaarch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bench's HTTP client against the JDK's HTTP server: sized and chunked bodies, errors, closed connections. */
class KeepAliveGetTest {
    private HttpServer server;
    private final AtomicInteger connections = new AtomicInteger();
    private URI base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sized", exchange -> {
            byte[] body = ("sized " + exchange.getRequestURI().getQuery()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/chunked", exchange -> {
            // Length 0: the JDK server sends the body chunked.
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 3; i++) {
                    out.write(("part" + i + " é ").repeat(3000).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        server.createContext("/missing", exchange -> {
            byte[] body = "{\"error\":\"no\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/close", exchange -> {
            connections.incrementAndGet();
            exchange.getResponseHeaders().set("Connection", "close");
            byte[] body = "bye".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldReadSizedAndChunkedBodiesOnOneConnection() throws IOException {
        try (KeepAliveGet client = new KeepAliveGet(base)) {
            for (int i = 0; i < 5; i++) {
                assertThat(client.get("/sized?n=" + i)).isEqualTo(new KeepAliveGet.Response(200, "sized n=" + i));
                KeepAliveGet.Response chunked = client.get("/chunked");
                assertThat(chunked.status()).isEqualTo(200);
                assertThat(chunked.body()).isEqualTo(("part0 é ").repeat(3000) + ("part1 é ").repeat(3000)
                        + ("part2 é ").repeat(3000));
            }
            assertThat(client.get("/missing")).isEqualTo(new KeepAliveGet.Response(404, "{\"error\":\"no\"}"));
        }
    }

    @Test
    void shouldReconnectAfterTheServerClosedTheConnection() throws IOException {
        try (KeepAliveGet client = new KeepAliveGet(base)) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.get("/close").body()).isEqualTo("bye");
            }
            assertThat(client.get("/sized?after").body()).isEqualTo("sized after");
        }
        assertThat(connections).hasValue(3);
    }
}
