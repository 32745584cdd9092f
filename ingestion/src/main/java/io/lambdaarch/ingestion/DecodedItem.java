package io.lambdaarch.ingestion;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.common.event.ValidationResult;

/** One thing a raw record holds: an event to validate and send, or a message that is no event and is skipped. */
public sealed interface DecodedItem {
    /**
     * An event candidate and the outcome of validating it.
     *
     * @param result the validated event or the reason it is invalid
     * @param part where in the record it is, e.g. {@code data[3]} for the fourth post of a page; empty for the whole record
     * @param raw what goes to the DLQ if it is rejected: the record's own bytes, or the post's JSON for a part of a page
     * @param rawIsCanonical true when {@code raw} already is the valid event's canonical form, which is then sent as it is
     */
    record Event(ValidationResult result, String part, byte[] raw, boolean rawIsCanonical) implements DecodedItem {
        public Event {
            requireNonNull(result, "result is null");
            requireNonNull(part, "part is null");
            requireNonNull(raw, "raw is null");
        }

        /** An event whose {@code raw} is not known to be canonical; the event is written again before it is sent. */
        public Event(ValidationResult result, String part, byte[] raw) {
            this(result, part, raw, false);
        }

        /** The whole record as one event. */
        public static Event whole(ValidationResult result, byte[] raw) {
            return new Event(result, "", raw);
        }

        /** The whole record as one event, and whether it already is in canonical form. */
        public static Event whole(EventValidator.Checked checked, byte[] raw) {
            return new Event(checked.result(), "", raw, checked.canonical());
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
