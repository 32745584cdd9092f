package io.lambdaarch.serving.sql;

/** Every warehouse connection is taken and the queue of requests waiting for one is full: try again shortly. */
public final class WarehouseBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WarehouseBusyException(String message) {
        super(message);
    }
}
