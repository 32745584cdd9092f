package io.lambdaarch.demo.fault.harness;

import io.lambdaarch.common.event.TweetEvent;
import io.lambdaarch.demo.verify.Measures;
import io.lambdaarch.demo.verify.ViewKey;
import io.lambdaarch.demo.verify.ViewSnapshot;
import io.lambdaarch.ingestion.synthetic.SyntheticGenerator;
import io.lambdaarch.ingestion.synthetic.SyntheticWorkload;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What serving_view must say, computed from what the suite sent and nothing else: every valid event once, however
 * often it was sent. Synthetic workloads contribute the valid unique events of the records sent
 * ({@link SyntheticGenerator#events}); a workload sent twice (a restart resends it) adds nothing new.
 */
public final class Truth {
    private final Map<String, TweetEvent> events = new LinkedHashMap<>();

    /** The first {@code count} records of {@code workload} were sent (at least once). */
    public synchronized void sent(SyntheticWorkload workload, long count) {
        new SyntheticGenerator(workload).events(count).forEach(this::sent);
    }

    /** One valid event was sent (at least once). */
    public synchronized void sent(TweetEvent event) {
        TweetEvent before = events.putIfAbsent(event.id(), event);
        if (before != null && !before.equals(event)) {
            throw new IllegalArgumentException("Two different events with id " + event.id() + ": the suite's workloads overlap");
        }
    }

    public synchronized int events() {
        return events.size();
    }

    /** The view at the grain event_hour x location. */
    public synchronized ViewSnapshot view() {
        Map<ViewKey, Measures> groups = new HashMap<>();
        events.values().forEach(e -> ViewSnapshot.accumulate(groups, e));
        return new ViewSnapshot(groups);
    }
}
