package io.lambdaarch.bench.report;

import java.util.Locale;

/** The unit of a measured value, with how it is written in the table and its name in the JSON results. */
public enum Unit {
    EVENTS_PER_SECOND("events/s"),
    QUERIES_PER_SECOND("QPS"),
    SECONDS("s"),
    MILLISECONDS("ms"),
    ROWS("rows");

    private final String symbol;

    Unit(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** {@code amount} with this unit, rounded for reading: {@code 41,230 events/s}, {@code 2.41 s}, {@code 12.3 ms}. */
    public String format(double amount) {
        return switch (this) {
            case EVENTS_PER_SECOND, QUERIES_PER_SECOND, ROWS -> String.format(Locale.ROOT, "%,.0f %s", amount, symbol);
            case SECONDS -> String.format(Locale.ROOT, "%.2f %s", amount, symbol);
            case MILLISECONDS -> String.format(Locale.ROOT, "%.1f %s", amount, symbol);
        };
    }
}
