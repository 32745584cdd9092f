package io.lambdaarch.common.error;

/** Helpers to turn an exception chain into the one line an operator reads. */
public final class Failures {
    private Failures() {
    }

    /** The first line of the innermost message of the chain, which usually says what actually happened. */
    public static String rootMessage(Throwable failure) {
        Throwable current = failure;
        while (current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        String message = current.getMessage();
        if (message == null || message.isBlank()) {
            return current.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message).strip();
    }
}
