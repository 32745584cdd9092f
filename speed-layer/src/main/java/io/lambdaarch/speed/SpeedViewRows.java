package io.lambdaarch.speed;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.Measure;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.speed.jdbc.SpeedViewRow;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;

/**
 * Turns rows of {@link SpeedViewTransformation#aggregate} (every view in the {@link ViewGroupLayout}) into the
 * {@link SpeedViewRow}s of the view each belongs to, in that view's column order; runs on the executors.
 */
final class SpeedViewRows implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ViewGroupLayout layout;

    SpeedViewRows(ViewGroupLayout layout) {
        this.layout = requireNonNull(layout, "layout is null");
    }

    /** The view of {@code row}; empty for groups of a view that is no longer declared. */
    Optional<NamedView> viewOf(Row row) {
        return layout.view(row.getAs(ViewGroupLayout.VIEW_KEY));
    }

    /** {@code row} as a row of {@code view}, which must be {@link #viewOf} it. */
    SpeedViewRow toViewRow(NamedView view, Row row) {
        List<Object> dimensions = new ArrayList<>();
        for (Dimension dimension : view.definition().dimensions()) {
            Object value = row.getAs(ViewGroupLayout.column(dimension));
            dimensions.add(dimension.grain() == TimeGrain.NONE ? value : toInstant(value));
        }
        List<BigInteger> measures = new ArrayList<>();
        for (Measure measure : view.definition().measures()) {
            measures.add(row.<BigDecimal>getAs(ViewGroupLayout.column(measure)).toBigIntegerExact());
        }
        return new SpeedViewRow(toInstant(row.getAs(TweetView.INGEST_BUCKET)), dimensions, measures);
    }

    private static Instant toInstant(Object timestamp) {
        return Instant.EPOCH.plus(KafkaRecordParser.micros(timestamp), ChronoUnit.MICROS);
    }
}
