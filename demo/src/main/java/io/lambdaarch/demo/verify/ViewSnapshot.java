package io.lambdaarch.demo.verify;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.event.TweetEvent;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The whole view at the grain {@code event_hour x location}, from the truth or read back from the warehouse. */
public record ViewSnapshot(Map<ViewKey, Measures> groups) {
    public ViewSnapshot {
        groups = Map.copyOf(requireNonNull(groups, "groups is null"));
    }

    /**
     * Adds one event to a view under construction. Written here on purpose without any of the pipeline's SQL or
     * Spark code: this is the independent truth the pipeline is compared with.
     */
    public static void accumulate(Map<ViewKey, Measures> groups, TweetEvent event) {
        ViewKey key = new ViewKey(event.createdAt().truncatedTo(ChronoUnit.HOURS), event.location());
        groups.merge(key, Measures.of(1, event.followersCount(), event.favoriteCount(), event.retweetCount()), Measures::plus);
    }

    /** Sum of every group. */
    public Measures total() {
        return groups.values().stream().reduce(Measures.ZERO, Measures::plus);
    }

    /** Totals per location over all hours. */
    public Map<String, Measures> byLocation() {
        return groups.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().location(), Map.Entry::getValue,
                Measures::plus, TreeMap::new));
    }

    /** How many groups' measures differ between this snapshot and {@code other} (missing on one side counts). */
    public long differingGroups(ViewSnapshot other) {
        return differingKeys(other).size();
    }

    /** The keys of the groups whose measures differ between this snapshot and {@code other}, in key order. */
    public List<ViewKey> differingKeys(ViewSnapshot other) {
        Set<ViewKey> keys = new HashSet<>(groups.keySet());
        keys.addAll(other.groups.keySet());
        return keys.stream().sorted()
                .filter(k -> !groups.getOrDefault(k, Measures.ZERO).equals(other.groups.getOrDefault(k, Measures.ZERO)))
                .toList();
    }
}
