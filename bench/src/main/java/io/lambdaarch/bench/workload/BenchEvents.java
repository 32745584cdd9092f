package io.lambdaarch.bench.workload;

import io.lambdaarch.common.event.EventJson;
import io.lambdaarch.common.event.TweetEvent;
import io.lambdaarch.ingestion.synthetic.SyntheticGenerator;
import io.lambdaarch.ingestion.synthetic.SyntheticWorkload;
import java.time.Instant;
import java.util.List;

/**
 * The events the bench writes: the synthetic workload of {@code ./lambda ingest --source synthetic} with no repeats
 * and no malformed records (every record is one valid, unique event), each in the canonical form ingestion sends. So
 * a topic the bench filled holds exactly what ingestion would have sent for the same seed, and record {@code n} can
 * continue a topic ingestion started.
 */
public final class BenchEvents {
    private final SyntheticGenerator generator;
    private final EventJson json = new EventJson();

    public BenchEvents(long seed, Instant anchor) {
        SyntheticWorkload workload = new SyntheticWorkload(seed, anchor, 0, SyntheticWorkload.DEFAULT_LATE_FRACTION,
                SyntheticWorkload.DEFAULT_MAX_LATENESS, 0, 0);
        this.generator = new SyntheticGenerator(workload);
    }

    /** The options that make {@code ./lambda ingest --source synthetic} send the same events. */
    public List<String> ingestArguments() {
        return generator.workload().toArguments();
    }

    /** Event {@code index}. */
    public TweetEvent event(long index) {
        return generator.record(index).event();
    }

    /** {@code event} as ingestion sends it. */
    public byte[] canonical(TweetEvent event) {
        return json.toBytes(event);
    }
}
