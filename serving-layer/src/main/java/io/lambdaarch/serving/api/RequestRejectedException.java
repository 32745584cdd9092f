package io.lambdaarch.serving.api;

import static java.util.Objects.requireNonNull;

/** The request is refused before any handler: wrong method, unknown path, a Host not allowed. The message is safe to send. */
public final class RequestRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public RequestRejectedException(ErrorCode code, String message) {
        super(message);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }
}
