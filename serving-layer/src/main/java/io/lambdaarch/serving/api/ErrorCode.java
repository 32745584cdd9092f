package io.lambdaarch.serving.api;

/**
 * Every way an API request can fail, with its HTTP status and the message a client sees. The messages are fixed:
 * SQL text, driver messages and stack traces stay in the server's log.
 */
public enum ErrorCode {
    /** A query parameter is missing, malformed or out of range; the response names it and says why. */
    BAD_PARAMETER(400, "a request parameter is invalid"),
    /** No such endpoint or file. */
    NOT_FOUND(404, "no such endpoint"),
    /** The warehouse cannot be reached, or no pooled connection became free in time. */
    WAREHOUSE_UNAVAILABLE(503, "the warehouse is unavailable; try again shortly"),
    /** The warehouse query ran longer than the configured timeout and was cancelled. */
    QUERY_TIMEOUT(504, "the warehouse query took too long and was cancelled"),
    /** The warehouse answered with an error (a missing table, for example). */
    WAREHOUSE_ERROR(502, "the warehouse query failed"),
    /** Anything else: a bug. */
    INTERNAL(500, "internal error");

    private final int status;
    private final String clientMessage;

    ErrorCode(int status, String clientMessage) {
        this.status = status;
        this.clientMessage = clientMessage;
    }

    public int status() {
        return status;
    }

    /** What the client is told, unless the error carries its own safe message (bad parameters do). */
    public String clientMessage() {
        return clientMessage;
    }
}
