package io.lambdaarch.ingestion.synthetic;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.ingestion.source.EventSource;
import io.lambdaarch.ingestion.source.RecordFormat;
import io.lambdaarch.ingestion.source.SourceRecord;
import java.time.Duration;

/** Hands over the records of a synthetic workload in order, from record 0; never waits. */
public final class SyntheticSource implements EventSource {
    /** The source's name, also the {@code source} field of its events. */
    public static final String NAME = "synthetic";

    private final SyntheticGenerator generator;
    private long next;

    public SyntheticSource(SyntheticGenerator generator) {
        this.generator = requireNonNull(generator, "generator is null");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RecordFormat format() {
        return RecordFormat.EVENT;
    }

    @Override
    public SourceRecord poll(Duration timeout) {
        if (exhausted()) {
            return null;
        }
        long index = next++;
        return new SourceRecord(generator.record(index).json(), NAME + "#" + index);
    }

    @Override
    public boolean exhausted() {
        return next >= SyntheticGenerator.MAX_RECORDS;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
