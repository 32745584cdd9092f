package io.lambdaarch.speed;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.common.event.TweetEvent;
import io.lambdaarch.common.event.ValidationResult;
import io.lambdaarch.common.view.SourceField;
import io.lambdaarch.common.view.TweetView;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every Kafka record of a partition through the common {@link EventValidator} (the rules every layer shares),
 * emits the valid ones as event rows and counts the rest. Bad input is skipped, never thrown.
 *
 * <p>Input: {@code (value BINARY, timestamp TIMESTAMP)}. Output: {@link #SCHEMA}, with times as epoch microseconds so
 * the rows do not depend on which Java time classes the session's encoders expect.
 */
final class KafkaRecordParser implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordParser.class);

    static final String CREATED_AT_MICROS = TweetView.CREATED_AT + "_micros";
    static final String INGEST_TIME_MICROS = TweetView.INGEST_TIME + "_micros";
    static final StructType SCHEMA = new StructType()
            .add(TweetView.EVENT_ID, DataTypes.StringType, false)
            .add(CREATED_AT_MICROS, DataTypes.LongType, false)
            .add(TweetView.LOCATION, DataTypes.StringType, false)
            .add(SourceField.LANG.column(), DataTypes.StringType, false)
            .add(TweetView.FOLLOWERS_COUNT, DataTypes.LongType, false)
            .add(TweetView.FAVORITE_COUNT, DataTypes.LongType, false)
            .add(TweetView.RETWEET_COUNT, DataTypes.LongType, false)
            .add(INGEST_TIME_MICROS, DataTypes.LongType, false);

    private final RecordCounters counters;

    KafkaRecordParser(RecordCounters counters) {
        this.counters = requireNonNull(counters, "counters is null");
    }

    @Override
    public Iterator<Row> call(Iterator<Row> records) {
        // One validator per partition: it is thread-safe but not serializable.
        EventValidator validator = new EventValidator();
        return new Iterator<>() {
            private Row next;

            @Override
            public boolean hasNext() {
                while (next == null && records.hasNext()) {
                    next = parse(validator, records.next());
                }
                return next != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = next;
                next = null;
                return row;
            }
        };
    }

    private Row parse(EventValidator validator, Row record) {
        byte[] value = (byte[]) record.get(0);
        long ingestMicros = micros(record.get(1));
        ValidationResult result = validator.validate(value);
        if (result instanceof ValidationResult.Invalid invalid) {
            counters.countInvalid(invalid.reason());
            LOG.debug("Skipping invalid record: {}", invalid.describe());
            return null;
        }
        TweetEvent event = ((ValidationResult.Valid) result).event();
        counters.countValid(ingestMicros);
        return RowFactory.create(event.id(), micros(event.createdAt()), event.location(),
                // The lang every layer groups by (und when absent, cut as the batch SQL cuts it).
                SourceField.langValue(event.lang()), event.followersCount(),
                event.favoriteCount(), event.retweetCount(), ingestMicros);
    }

    /** Epoch microseconds of a Spark timestamp, whichever Java class the session hands out. */
    static long micros(Object timestamp) {
        if (timestamp instanceof Timestamp sql) {
            return micros(sql.toInstant());
        } else if (timestamp instanceof Instant instant) {
            return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
        }
        throw new IllegalArgumentException("not a timestamp: " + timestamp);
    }
}
