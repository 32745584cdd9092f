package io.lambdaarch.common.event;

import static java.util.Objects.requireNonNull;

/** The outcome of validating one raw record: either a normalized event or a reason with a human-readable detail. */
public sealed interface ValidationResult {

    /** A record that passed every rule. */
    record Valid(TweetEvent event) implements ValidationResult {
        public Valid {
            requireNonNull(event, "event is null");
        }
    }

    /** A record that broke a rule; {@code detail} names the field and the offending value (shortened). */
    record Invalid(InvalidReason reason, String detail) implements ValidationResult {
        public Invalid {
            requireNonNull(reason, "reason is null");
            requireNonNull(detail, "detail is null");
        }

        /** {@code code: detail}, the form used in DLQ headers and quarantine lines. */
        public String describe() {
            return reason.code() + ": " + detail;
        }
    }

    default boolean isValid() {
        return this instanceof Valid;
    }
}
