package io.lambdaarch.batch.lock;

import io.lambdaarch.common.error.TerseException;
import java.util.Optional;

/**
 * Another batch run held the lock for longer than this run was willing to wait; the command exits 3, or 4 when the
 * holder has held it past {@code LAMBDA_BATCH_LOCK_STALE_AFTER} ({@link LockStaleException}).
 */
public class LockHeldException extends TerseException {
    private static final long serialVersionUID = 1L;

    private final transient Optional<LockHolder> holder;

    public LockHeldException(String message, Optional<LockHolder> holder) {
        super(message);
        this.holder = holder;
    }

    public LockHeldException(String message, Optional<LockHolder> holder, Throwable cause) {
        super(message, cause);
        this.holder = holder;
    }

    /** The run holding the lock, when the warehouse could say. */
    public Optional<LockHolder> holder() {
        return holder == null ? Optional.empty() : holder;
    }
}
