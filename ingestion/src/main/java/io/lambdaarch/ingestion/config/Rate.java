package io.lambdaarch.ingestion.config;

import java.util.Locale;

/**
 * A read rate: records per second, or unlimited ({@code perSecond == 0}).
 *
 * @param perSecond records per second, 0 for no limit
 */
public record Rate(long perSecond) {
    /** As fast as the source and Kafka allow. */
    public static final Rate UNLIMITED = new Rate(0);
    private static final String UNLIMITED_NAME = "unlimited";

    public Rate {
        if (perSecond < 0) {
            throw new IllegalArgumentException("perSecond must be >= 0: " + perSecond);
        }
    }

    /** Parses {@code unlimited} or a whole number of records per second, at least 1. */
    public static Rate parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.equals(UNLIMITED_NAME)) {
            return UNLIMITED;
        }
        try {
            long perSecond = Long.parseLong(text.replace("_", ""));
            if (perSecond >= 1) {
                return new Rate(perSecond);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + value + "' is not a rate: expected records per second (1 or more) or " + UNLIMITED_NAME);
    }

    public boolean unlimited() {
        return perSecond == 0;
    }

    @Override
    public String toString() {
        return unlimited() ? UNLIMITED_NAME : perSecond + "/s";
    }
}
