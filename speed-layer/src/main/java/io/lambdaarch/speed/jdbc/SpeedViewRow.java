package io.lambdaarch.speed.jdbc;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * One row of speed_view: the full running aggregate of one group, as Spark's update mode emits it.
 *
 * @param ingestBucket start of the ingest bucket
 * @param dimensions the view's dimension values in the order of the view definition ({@link Instant} for time grains)
 * @param measures the view's measures in the order of the view definition, exact (a sum passes 2^63)
 */
public record SpeedViewRow(Instant ingestBucket, List<Object> dimensions, List<BigInteger> measures) {
    public SpeedViewRow {
        requireNonNull(ingestBucket, "ingestBucket is null");
        dimensions = List.copyOf(requireNonNull(dimensions, "dimensions is null"));
        measures = List.copyOf(requireNonNull(measures, "measures is null"));
    }
}
