package io.lambdaarch.serving.api;

/** The client closed its connection while its request was being answered, so its query was cancelled. */
public final class ClientGoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClientGoneException(Throwable cancelled) {
        super("the client closed the connection; its query was cancelled", cancelled);
    }
}
