package io.lambdaarch.serving.kafka;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What the serving layer knows about the topic's offsets: those of the latest fetch, or, when there are none, why.
 */
public record OffsetsState(Optional<TopicOffsets> offsets, String unavailableReason) {
    public OffsetsState {
        requireNonNull(offsets, "offsets is null");
        requireNonNull(unavailableReason, "unavailableReason is null");
        if (offsets.isPresent() != unavailableReason.isEmpty()) {
            throw new IllegalArgumentException("a reason is given exactly when the offsets are unknown");
        }
    }

    public static OffsetsState known(TopicOffsets offsets) {
        return new OffsetsState(Optional.of(offsets), "");
    }

    public static OffsetsState unknown(String reason) {
        if (reason.isEmpty()) {
            throw new IllegalArgumentException("reason is empty");
        }
        return new OffsetsState(Optional.empty(), reason);
    }
}
