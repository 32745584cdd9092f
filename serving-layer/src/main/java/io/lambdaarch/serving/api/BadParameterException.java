package io.lambdaarch.serving.api;

import static java.util.Objects.requireNonNull;

/** A request parameter is missing, malformed or out of range; answered 400 with the parameter's name. */
public final class BadParameterException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    public BadParameterException(String parameter, String message) {
        super(message);
        this.parameter = requireNonNull(parameter, "parameter is null");
    }

    /** The name of the offending query parameter. */
    public String parameter() {
        return parameter;
    }
}
