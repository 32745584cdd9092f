package io.lambdaarch.common.error;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Helpers to turn an exception chain into the one line an operator reads. */
public final class Failures {
    private Failures() {
    }

    /** {@code failure} and its causes, outermost first, each once. */
    public static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        // initCause only refuses a throwable as its own cause: longer cycles (a -> b -> a) exist and must not hang.
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable current = failure; current != null && seen.add(current); current = current.getCause()) {
            chain.add(current);
        }
        return chain;
    }

    /** The first line of the innermost message of the chain, which usually says what actually happened. */
    public static String rootMessage(Throwable failure) {
        List<Throwable> chain = chain(failure);
        Throwable current = chain.get(chain.size() - 1);
        String message = current.getMessage();
        if (message == null || message.isBlank()) {
            return current.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message).strip();
    }
}
