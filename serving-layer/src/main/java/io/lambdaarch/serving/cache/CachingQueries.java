package io.lambdaarch.serving.cache;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lambdaarch.serving.freshness.DataVersion;
import io.lambdaarch.serving.index.IndexedQueries;
import io.lambdaarch.serving.metrics.QueryTimings;
import io.lambdaarch.serving.sql.Granularity;
import io.lambdaarch.serving.sql.GroupTotals;
import io.lambdaarch.serving.sql.ServingQueries;
import io.lambdaarch.serving.sql.TimePoint;
import io.lambdaarch.serving.sql.TimeRange;
import io.lambdaarch.serving.sql.Totals;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's questions with a response cache around them: an answer is kept under the question and the
 * {@link DataVersion} it was computed from, and handed out again only to a request that read the same version in its
 * own transaction. A new recompute or speed commit is a new version, so its first request goes to the warehouse
 * (the answer is never older than the version read at request time, nor a mix of two), and the old version's entries
 * are never hit again and age out. One cache serves every declared view: the view's name is part of the question. The cache is bounded by rows held (W-TinyLFU eviction, Caffeine), and its hits,
 * misses and evictions are on /metrics ({@code cache_gets_total{cache="serving_responses"}}, ...).
 */
public final class CachingQueries {
    /** The cache's name on /metrics. */
    public static final String CACHE_NAME = "serving_responses";

    private final Map<String, IndexedQueries> indexes;
    private final QueryTimings timings;
    private final Cache<Key, Answer> cache;
    private final boolean keeps;

    /** The question of a request, with its parameters; records, so equal questions are equal keys. */
    private sealed interface Question permits TopLocations, Series, RangeTotals {
    }

    private record TopLocations(String view, TimeRange range, int limit) implements Question {
    }

    private record Series(String view, Map<String, String> group, TimeRange range, Granularity granularity)
            implements Question {
    }

    private record RangeTotals(String view, TimeRange range) implements Question {
    }

    private record Key(Question question, DataVersion version) {
    }

    // What is kept: an answer and how many rows it has, its weight against the bound.
    private record Answer(Object value, int rows) {
    }

    /**
     * @param indexes what answers the questions of the views they hold from memory when it can
     *     ({@link IndexedQueries}, one per view of a shape it holds); every other view's are asked of its SQL
     * @param maxRows the most rows (locations, points or totals) the cache holds; 0 keeps nothing
     */
    public CachingQueries(List<IndexedQueries> indexes, QueryTimings timings, long maxRows, MeterRegistry registry) {
        Map<String, IndexedQueries> byView = new HashMap<>();
        for (IndexedQueries index : requireNonNull(indexes, "indexes is null")) {
            if (byView.put(index.view().name(), index) != null) {
                throw new IllegalArgumentException("two indexes of view " + index.view().name());
            }
        }
        this.indexes = Map.copyOf(byView);
        this.timings = requireNonNull(timings, "timings is null");
        requireNonNull(registry, "registry is null");
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows must not be negative: " + maxRows);
        }
        this.keeps = maxRows > 0;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxRows)
                // An empty answer still takes an entry.
                .<Key, Answer>weigher((key, answer) -> Math.max(1, answer.rows()))
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, cache, CACHE_NAME);
    }

    /** {@link ServingQueries#topLocations} of {@code queries}' view, from the cache when {@code version} has it. */
    public List<GroupTotals> topLocations(ServingQueries queries, Connection connection, DataVersion version,
            TimeRange range, int limit) throws SQLException {
        return list(new Key(new TopLocations(queries.view().name(), range, limit), version),
                () -> timings.time("top-locations", "hour", () -> indexed(queries).isPresent()
                        ? indexed(queries).get().topLocations(connection, version, range, limit)
                        : queries.topLocations(connection, range, limit)));
    }

    /** {@link ServingQueries#timeseries} of {@code queries}' view, from the cache when {@code version} has it. */
    public List<TimePoint> timeseries(ServingQueries queries, Connection connection, DataVersion version,
            Map<String, String> group, TimeRange range, Granularity granularity) throws SQLException {
        return list(new Key(new Series(queries.view().name(), Map.copyOf(group), range, granularity), version),
                () -> timings.time("timeseries", granularity.externalName(),
                        () -> indexed(queries).isPresent()
                                ? indexed(queries).get().timeseries(connection, version, group, range, granularity)
                                : queries.timeseries(connection, group, range, granularity)));
    }

    /** {@link ServingQueries#totals} of {@code queries}' view, from the cache when {@code version} has it. */
    public Totals totals(ServingQueries queries, Connection connection, DataVersion version, TimeRange range)
            throws SQLException {
        Key key = new Key(new RangeTotals(queries.view().name(), range), version);
        Answer cached = cache.getIfPresent(key);
        if (cached != null) {
            return (Totals) cached.value();
        }
        Totals totals = timings.time("totals", "hour", () -> indexed(queries).isPresent()
                ? indexed(queries).get().totals(connection, version, range)
                : queries.totals(connection, range));
        keep(key, new Answer(totals, 1));
        return totals;
    }

    // The index, when there is one of the view these queries ask about.
    private Optional<IndexedQueries> indexed(ServingQueries queries) {
        return Optional.ofNullable(indexes.get(queries.view().name())).filter(indexed -> indexed.view().equals(queries.view()));
    }

    // Visible for testing
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    // Not Cache.get(key, loader): a loader cannot throw SQLException, and two requests asking the same new question at
    // once each hold a connection of their own already, so letting both ask costs no more than making one wait.
    @SuppressWarnings("unchecked")
    private <T> List<T> list(Key key, QueryTimings.Query<List<T>> query) throws SQLException {
        Answer cached = cache.getIfPresent(key);
        if (cached != null) {
            return (List<T>) cached.value();
        }
        List<T> rows = List.copyOf(query.run());
        keep(key, new Answer(rows, rows.size()));
        return rows;
    }

    // Caffeine evicts over its bound after the put, on its own executor: with a bound of 0 an answer could still be
    // read back for a moment, and "0 keeps nothing" must hold for the bench's every-request-misses figure.
    private void keep(Key key, Answer answer) {
        if (keeps) {
            cache.put(key, answer);
        }
    }
}
