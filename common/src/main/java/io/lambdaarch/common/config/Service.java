package io.lambdaarch.common.config;

import java.util.Locale;

/** The services a setting applies to; the README's settings table names them in its "used by" column. */
public enum Service {
    INGEST,
    BATCH,
    SPEED,
    SERVE,
    STACK;

    /** The command that runs the service: {@code ingest}, {@code batch}, {@code speed}, {@code serve}, {@code stack}. */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
