package io.lambdaarch.serving.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error response: {@code {"error": {"code": ..., "message": ..., "parameter": ..., "incident": ...}}}.
 * {@code parameter} is set for bad parameters, {@code incident} for server-side failures (it is in the server's log
 * next to the full failure).
 */
public record ApiError(Body error) {
    public ApiError {
        requireNonNull(error, "error is null");
    }

    /** The error itself; absent parts are left out of the JSON. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(ErrorCode code, String message, String parameter, String incident) {
        public Body {
            requireNonNull(code, "code is null");
            requireNonNull(message, "message is null");
        }
    }
}
