package io.lambdaarch.common.error;

/**
 * An expected failure whose message alone tells the operator what went wrong; commands print it as one line,
 * without a stack trace (unless {@code --debug}).
 */
public class TerseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TerseException(String message) {
        super(message);
    }

    public TerseException(String message, Throwable cause) {
        super(message, cause);
    }
}
