package io.lambdaarch.bench.load;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP/1.1 GETs on one kept-alive blocking socket, for the bench's closed-loop clients: a request line and a Host
 * header out, a status line, headers and a body (Content-Length or chunked) in. The JDK's {@code HttpClient} costs
 * the bench's JVM about as much CPU per request as the serving layer itself spends (a selector thread per client,
 * futures, header maps), and on a shared machine that CPU is taken from the server being measured. Not thread-safe:
 * one per client. Reconnects when the server closed the connection.
 */
public final class KeepAliveGet implements AutoCloseable {
    // A body over this is an error in the bench, not an answer to keep reading.
    private static final int MAX_BODY = 64 << 20;

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** The status and body of a response. */
    public record Response(int status, String body) {
    }

    /** A client of the server at {@code base} ({@code http://host:port}). */
    public KeepAliveGet(URI base) {
        requireNonNull(base, "base is null");
        if (!"http".equals(base.getScheme()) || base.getPort() < 0) {
            throw new IllegalArgumentException("base must be http://host:port: " + base);
        }
        this.host = base.getHost();
        this.port = base.getPort();
    }

    /** GETs {@code pathAndQuery} (already encoded) and reads the whole answer. */
    public Response get(String pathAndQuery) throws IOException {
        if (socket == null) {
            connect();
        }
        out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String statusLine = line();
        // "HTTP/1.1 200 OK"
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                throw new IOException("malformed header: " + header);
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> {
                    // not needed
                }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = Long.parseLong(chunkSize(line()), 16); size > 0; size = Long.parseLong(chunkSize(line()), 16)) {
                copy(size, body);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length >= 0) {
            copy(length, body);
        } else {
            // Neither: the body runs to the end of the connection.
            in.transferTo(body);
            close = true;
        }
        if (close) {
            close();
        }
        return new Response(status, body.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            Socket open = socket;
            socket = null;
            open.close();
        }
    }

    private void connect() throws IOException {
        Socket opened = new Socket();
        opened.setTcpNoDelay(true);
        opened.connect(new InetSocketAddress(host, port), 10_000);
        socket = opened;
        in = new BufferedInputStream(opened.getInputStream(), 16 << 10);
        out = opened.getOutputStream();
    }

    private static String chunkSize(String line) {
        int extension = line.indexOf(';');
        return (extension < 0 ? line : line.substring(0, extension)).trim();
    }

    private void copy(long length, ByteArrayOutputStream body) throws IOException {
        if (body.size() + length > MAX_BODY) {
            throw new IOException("body over " + MAX_BODY + " bytes");
        }
        byte[] buffer = new byte[(int) Math.min(length, 8192)];
        long left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(left, buffer.length));
            if (read < 0) {
                throw new EOFException("connection closed " + left + " bytes before the end of the body");
            }
            body.write(buffer, 0, read);
            left -= read;
        }
    }

    // One CRLF-terminated line (a bare LF is accepted), without its terminator.
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed in the middle of a response");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }
}
