package io.lambdaarch.ingestion;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.common.event.ValidationResult;

/** One thing a raw record holds: an event to send or reject, or a message that is no event and is skipped. */
public sealed interface DecodedItem {
    /**
     * An event candidate read from another format (an X post) and the outcome of validating it; a valid one is written
     * in canonical form before it is sent.
     *
     * @param result the validated event or the reason it is invalid
     * @param part where in the record it is, e.g. {@code data[3]} for the fourth post of a page; empty for the whole record
     * @param raw what goes to the DLQ if it is rejected: the record's own bytes, or the post's JSON for a part of a page
     */
    record Event(ValidationResult result, String part, byte[] raw) implements DecodedItem {
        public Event {
            requireNonNull(result, "result is null");
            requireNonNull(part, "part is null");
            requireNonNull(raw, "raw is null");
        }

        /** The whole record as one event. */
        public static Event whole(ValidationResult result, byte[] raw) {
            return new Event(result, "", raw);
        }
    }

    /**
     * A whole record in the event format, validated straight into what is sent: the event's id and canonical bytes
     * (often the record's own), or why it is invalid.
     *
     * @param outcome what the common validator made of the record
     * @param raw the record's own bytes, which go to the DLQ if it is rejected
     */
    record Checked(EventValidator.Forward outcome, byte[] raw) implements DecodedItem {
        public Checked {
            requireNonNull(outcome, "outcome is null");
            requireNonNull(raw, "raw is null");
        }
    }

    /**
     * A record that is not an event and not an error either, e.g. the X stream's {@code operational-disconnect} message.
     *
     * @param detail what it was, for the log
     */
    record Skipped(String detail) implements DecodedItem {
        public Skipped {
            requireNonNull(detail, "detail is null");
        }
    }
}
