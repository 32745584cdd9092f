package io.lambdaarch.batch.lock;

import java.util.Optional;

/**
 * The lock has been held for longer than {@code LAMBDA_BATCH_LOCK_STALE_AFTER}: its holder is likely stuck (a
 * half-open connection, a hung statement). Unlike a lock merely taken, this needs an operator; the command exits 4.
 */
public final class LockStaleException extends LockHeldException {
    private static final long serialVersionUID = 1L;

    public LockStaleException(String message, Optional<LockHolder> holder, Throwable cause) {
        super(message, holder, cause);
    }
}
