package io.lambdaarch.speed;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.speed.jdbc.SpeedViewRow;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Turns rows of {@link SpeedViewTransformation#aggregate} into {@link SpeedViewRow}s; runs on the executors. */
final class SpeedViewRows implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ViewDefinition view;

    SpeedViewRows(ViewDefinition view) {
        this.view = requireNonNull(view, "view is null");
    }

    SpeedViewRow toViewRow(Row row) {
        List<Object> dimensions = new ArrayList<>();
        for (Dimension dimension : view.dimensions()) {
            Object value = row.getAs(dimension.column());
            dimensions.add(switch (dimension.grain()) {
                case NONE -> value;
                case HOUR, DAY -> toInstant(value);
            });
        }
        List<BigInteger> measures = new ArrayList<>();
        view.measureColumns().forEach(c -> measures.add(row.<BigDecimal>getAs(c).toBigIntegerExact()));
        return new SpeedViewRow(toInstant(row.getAs(TweetView.INGEST_BUCKET)), dimensions, measures);
    }

    private static Instant toInstant(Object timestamp) {
        return Instant.EPOCH.plus(KafkaRecordParser.micros(timestamp), ChronoUnit.MICROS);
    }
}
