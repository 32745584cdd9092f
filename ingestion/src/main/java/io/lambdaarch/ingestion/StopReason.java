package io.lambdaarch.ingestion;

/** Why an ingestion run ended. */
public enum StopReason {
    /** The source has nothing more (end of the replay file). */
    SOURCE_EXHAUSTED("the source was exhausted"),
    /** {@code --count} records were read. */
    COUNT_REACHED("the count was reached"),
    /** {@code --duration} passed. */
    DURATION_REACHED("the duration passed"),
    /** Stopped from outside: SIGTERM or Ctrl-C. */
    STOPPED("stopped by signal"),
    /** Kafka gave up on a record. */
    SEND_FAILED("a send failed");

    private final String description;

    StopReason(String description) {
        this.description = description;
    }

    /** Words for the summary line. */
    public String description() {
        return description;
    }
}
