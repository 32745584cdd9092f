package io.lambdaarch.ingestion.synthetic;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.event.InvalidReason;
import io.lambdaarch.common.event.TweetEvent;

/**
 * One record of a synthetic workload, with the truth about it.
 *
 * @param index position in the workload, from 0
 * @param kind whether it is a new event, a repeat, or malformed
 * @param json the bytes the source sends (as a user's client would write them, not canonical)
 * @param event for {@link Kind#EVENT} and {@link Kind#DUPLICATE}: the event every layer must end up with after
 *     validation and normalization; null for {@link Kind#MALFORMED}
 * @param defect for {@link Kind#MALFORMED}: the rule it breaks; null otherwise
 * @param originalIndex the index of the record this one repeats, or {@code index} itself
 */
public record SyntheticRecord(long index, Kind kind, byte[] json, TweetEvent event, InvalidReason defect, long originalIndex) {
    /** What a record is. */
    public enum Kind {
        /** A valid event whose id appears here for the first time. */
        EVENT,
        /** A byte-for-byte repeat of an earlier valid event. */
        DUPLICATE,
        /** A record that breaks one validation rule (possibly a repeat of an earlier malformed one). */
        MALFORMED
    }

    public SyntheticRecord {
        requireNonNull(kind, "kind is null");
        requireNonNull(json, "json is null");
        if ((kind == Kind.MALFORMED) != (defect != null) || (kind == Kind.MALFORMED) == (event != null)) {
            throw new IllegalArgumentException("a malformed record has a defect and no event, others the reverse: " + kind);
        }
    }
}
