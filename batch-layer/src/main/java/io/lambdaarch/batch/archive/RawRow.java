package io.lambdaarch.batch.archive;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.event.TweetEvent;
import java.time.Instant;

/**
 * One row of {@code raw_batch}: the columns the view needs from a valid event, plus where and when Kafka stored it.
 *
 * @param event the normalized event
 * @param partition the Kafka partition
 * @param offset the Kafka offset
 * @param ingestTime the broker's LogAppendTime
 */
public record RawRow(TweetEvent event, int partition, long offset, Instant ingestTime) {
    public RawRow {
        requireNonNull(event, "event is null");
        requireNonNull(ingestTime, "ingestTime is null");
    }
}
