package io.lambdaarch.speed.lease;

import java.sql.SQLException;

/**
 * This driver no longer holds the lease on speed_view: another start took it over (a higher epoch). Not transient:
 * the micro-batch must not be retried, and the job stops, so two drivers never write speed_view in turn.
 */
public final class LeaseLostException extends SQLException {
    private static final long serialVersionUID = 1L;

    public LeaseLostException(String message) {
        super(message);
    }
}
