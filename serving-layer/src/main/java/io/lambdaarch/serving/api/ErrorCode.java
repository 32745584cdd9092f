package io.lambdaarch.serving.api;

import java.util.List;

/**
 * Every way a request can fail, with its HTTP status and the message a client sees. The messages are fixed:
 * SQL text, driver messages and stack traces stay in the server's log.
 */
public enum ErrorCode {
    /** A query parameter is missing, malformed or out of range; the response names it and says why. */
    BAD_PARAMETER(400, "a request parameter is invalid", 0),
    /** The request itself is malformed (a bad URI, for example): rejected by Jetty before any handler. */
    BAD_REQUEST(400, "the request is malformed", 0),
    /** The {@code Host} header names a host this server does not answer for (DNS rebinding protection). */
    HOST_NOT_ALLOWED(403, "this server does not answer for that Host", 0),
    /** No such endpoint or file. */
    NOT_FOUND(404, "no such endpoint", 0),
    /** A known method on a resource that does not take it; the response's {@code Allow} header lists those it takes. */
    METHOD_NOT_ALLOWED(405, "this resource answers GET and HEAD only", 0),
    /** The request's URI is longer than the server accepts. */
    URI_TOO_LONG(414, "the request URI is too long", 0),
    /** The request's headers are larger than the server accepts. */
    HEADERS_TOO_LARGE(431, "the request headers are too large", 0),
    /** The client closed the connection before the answer was ready; its query was cancelled. Only logs see this. */
    CLIENT_CLOSED_REQUEST(499, "the client closed the connection before the answer was ready", 0),
    /** Anything else: a bug. */
    INTERNAL(500, "internal error", 0),
    /** A request method this server does not know (not one of HTTP's standard methods). */
    NOT_IMPLEMENTED(501, "unknown request method", 0),
    /** The warehouse answered with an error (a missing table, for example). */
    WAREHOUSE_ERROR(502, "the warehouse query failed", 0),
    /** Every warehouse connection is busy and the queue of requests waiting for one is full, or the wait too long. */
    OVERLOADED(503, "the server is busy; try again after the time in Retry-After", 1),
    /** The warehouse cannot be reached. */
    WAREHOUSE_UNAVAILABLE(503, "the warehouse is unavailable; try again shortly", 5),
    /** The warehouse query ran longer than the configured timeout and was cancelled. */
    QUERY_TIMEOUT(504, "the warehouse query took too long and was cancelled", 0);

    private static final List<ErrorCode> PROTOCOL_CODES = List.of(BAD_REQUEST, NOT_FOUND, METHOD_NOT_ALLOWED,
            URI_TOO_LONG, HEADERS_TOO_LARGE, INTERNAL, NOT_IMPLEMENTED, OVERLOADED);

    private final int status;
    private final String clientMessage;
    private final int retryAfterSeconds;

    ErrorCode(int status, String clientMessage, int retryAfterSeconds) {
        this.status = status;
        this.clientMessage = clientMessage;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** What the client is told, unless the error carries its own safe message (bad parameters do). */
    public String clientMessage() {
        return clientMessage;
    }

    /** The {@code Retry-After} header's value in seconds, 0 for none. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * The code of an error Jetty answered itself, by its status: one of the codes Jetty's own refusals fit, else a
     * generic one (never a code that claims a cause Jetty cannot have, such as a bad parameter or a slow query).
     */
    public static ErrorCode forStatus(int status) {
        return PROTOCOL_CODES.stream()
                .filter(code -> code.status == status)
                .findFirst()
                .orElse(status >= 500 ? INTERNAL : BAD_REQUEST);
    }
}
