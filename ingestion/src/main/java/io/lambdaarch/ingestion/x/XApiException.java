package io.lambdaarch.ingestion.x;

/** The X API answered with an HTTP error; {@link #getMessage()} carries the status and X's explanation. */
public final class XApiException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    public XApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Too many requests or connections (429, and the old 420): wait a minute and longer. */
    public boolean rateLimited() {
        return status == 429 || status == 420;
    }

    /**
     * True if trying again may succeed: rate limits, timeouts and server errors. Other client errors (bad token,
     * no access, unknown endpoint) will not fix themselves.
     */
    public boolean retriable() {
        return rateLimited() || status == 408 || status >= 500;
    }
}
