package io.lambdaarch.batch.lock;

import io.lambdaarch.common.error.TerseException;

/** Another batch run held the lock for longer than this run was willing to wait; the command exits 3. */
public final class LockHeldException extends TerseException {
    private static final long serialVersionUID = 1L;

    public LockHeldException(String message) {
        super(message);
    }

    public LockHeldException(String message, Throwable cause) {
        super(message, cause);
    }
}
