package io.lambdaarch.common.error;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** Helpers to turn an exception chain into the one line an operator reads. */
public final class Failures {
    private Failures() {
    }

    /** The first line of the innermost message of the chain, which usually says what actually happened. */
    public static String rootMessage(Throwable failure) {
        Throwable current = failure;
        // initCause only refuses a throwable as its own cause: longer cycles (a -> b -> a) exist and must not hang.
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (current.getCause() != null && seen.add(current)) {
            current = current.getCause();
        }
        String message = current.getMessage();
        if (message == null || message.isBlank()) {
            return current.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message).strip();
    }
}
