package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/** A password or key that must never reach a log: {@link #toString()} hides it, {@link #reveal()} is explicit. */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String HIDDEN = "[hidden]";
    private final String value;

    public Secret(String value) {
        this.value = requireNonNull(value, "value is null");
    }

    /** The secret value itself; call it only where the value is handed to a client library. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return HIDDEN;
    }
}
