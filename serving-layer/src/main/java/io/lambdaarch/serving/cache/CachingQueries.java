package io.lambdaarch.serving.cache;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lambdaarch.serving.freshness.DataVersion;
import io.lambdaarch.serving.freshness.FreshnessReading;
import io.lambdaarch.serving.freshness.FreshnessService;
import io.lambdaarch.serving.index.IndexedQueries;
import io.lambdaarch.serving.metrics.QueryTimings;
import io.lambdaarch.serving.sql.Granularity;
import io.lambdaarch.serving.sql.GroupTotals;
import io.lambdaarch.serving.sql.ReadTransactions;
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
import java.util.function.ToIntFunction;

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

    /** An answer and the reading of the ledger (version and freshness block) it belongs to. */
    public record Answered<T>(T value, FreshnessReading reading) {
        public Answered {
            requireNonNull(value, "value is null");
            requireNonNull(reading, "reading is null");
        }
    }

    // How the index answers a question in one statement, and how it is answered in a transaction otherwise.
    @FunctionalInterface
    private interface FromIndex<T> {
        Optional<IndexedQueries.Fresh<T>> read(IndexedQueries index) throws SQLException;
    }

    @FunctionalInterface
    private interface InTransaction<T> {
        T read(Connection connection, DataVersion version, Optional<IndexedQueries> index) throws SQLException;
    }

    /**
     * {@link ServingQueries#topLocations} of {@code queries}' view, on {@code connection} in autocommit: from the cache
     * when the ledger statement's version has it, else as {@link #answer} says.
     */
    public Answered<List<GroupTotals>> topLocations(ServingQueries queries, Connection connection,
            FreshnessService freshness, TimeRange range, int limit) throws SQLException {
        return answer(queries, connection, freshness, new TopLocations(queries.view().name(), range, limit),
                "top-locations", "hour", List::size,
                index -> index.topLocations(connection, freshness, range, limit).map(CachingQueries::copied),
                (c, version, index) -> List.copyOf(index.isPresent()
                        ? index.get().topLocations(c, version, range, limit)
                        : queries.topLocations(c, range, limit)));
    }

    /** {@link ServingQueries#timeseries} of {@code queries}' view, as {@link #topLocations}. */
    public Answered<List<TimePoint>> timeseries(ServingQueries queries, Connection connection,
            FreshnessService freshness, Map<String, String> group, TimeRange range, Granularity granularity)
            throws SQLException {
        return answer(queries, connection, freshness,
                new Series(queries.view().name(), Map.copyOf(group), range, granularity),
                "timeseries", granularity.externalName(), List::size,
                index -> index.timeseries(connection, freshness, group, range, granularity).map(CachingQueries::copied),
                (c, version, index) -> List.copyOf(index.isPresent()
                        ? index.get().timeseries(c, version, group, range, granularity)
                        : queries.timeseries(c, group, range, granularity)));
    }

    /** {@link ServingQueries#totals} of {@code queries}' view, as {@link #topLocations}. */
    public Answered<Totals> totals(ServingQueries queries, Connection connection, FreshnessService freshness,
            TimeRange range) throws SQLException {
        return answer(queries, connection, freshness, new RangeTotals(queries.view().name(), range),
                "totals", "hour", totals -> 1,
                index -> index.totals(connection, freshness, range),
                (c, version, index) -> index.isPresent()
                        ? index.get().totals(c, version, range)
                        : queries.totals(c, range));
    }

    /**
     * A question's answer in as few round trips as exactness allows, on {@code connection} in autocommit (each
     * statement its own snapshot):
     * <ol>
     *   <li>the ledger statement alone gives the version; a cached answer of that version is the answer, with the
     *       freshness block of that same statement (1 round trip);</li>
     *   <li>else, when the view's index holds that version's recompute, ONE statement reads the ledger again and the
     *       kept speed rows by the cutoff it reads ({@link IndexedQueries#topLocations(Connection, FreshnessService,
     *       TimeRange, int)}), and the index answers for the version that statement read, which is the first one or
     *       one committed since: never older than the version read for the request, never a mix (2 round trips);</li>
     *   <li>else (no index of the view, the index not holding the recompute read, a question it cannot answer) the
     *       ledger and the SQL run in one transaction at snapshot isolation, as before.</li>
     * </ol>
     * Every answer is kept under the version it was computed from, and given with that version's freshness block.
     */
    private <T> Answered<T> answer(ServingQueries queries, Connection connection, FreshnessService freshness,
            Question question, String timing, String grain, ToIntFunction<T> rows, FromIndex<T> fromIndex,
            InTransaction<T> inTransaction) throws SQLException {
        FreshnessReading current = freshness.read(connection, queries.view());
        T hit = cached(new Key(question, current.version()));
        if (hit != null) {
            return new Answered<>(hit, current);
        }
        Optional<IndexedQueries> index = indexed(queries);
        // One timing per miss, whichever way it is answered.
        return timings.time(timing, grain, () -> {
            if (index.isPresent() && index.get().holds(current.version())) {
                Optional<IndexedQueries.Fresh<T>> fresh = fromIndex.read(index.get());
                if (fresh.isPresent()) {
                    T value = fresh.get().answer();
                    keep(new Key(question, fresh.get().reading().version()), new Answer(value, rows.applyAsInt(value)));
                    return new Answered<>(value, fresh.get().reading());
                }
            }
            return ReadTransactions.inTransaction(connection, c -> {
                FreshnessReading snapshot = freshness.read(c, queries.view());
                Key key = new Key(question, snapshot.version());
                T cached = cached(key);
                if (cached != null) {
                    return new Answered<>(cached, snapshot);
                }
                T value = inTransaction.read(c, snapshot.version(), index);
                keep(key, new Answer(value, rows.applyAsInt(value)));
                return new Answered<>(value, snapshot);
            });
        });
    }

    // Lists are kept and handed to several requests: unmodifiable.
    private static <E> IndexedQueries.Fresh<List<E>> copied(IndexedQueries.Fresh<List<E>> fresh) {
        return new IndexedQueries.Fresh<>(List.copyOf(fresh.answer()), fresh.reading());
    }

    @SuppressWarnings("unchecked")
    private <T> T cached(Key key) {
        Answer cached = cache.getIfPresent(key);
        return cached == null ? null : (T) cached.value();
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
    // Caffeine evicts over its bound after the put, on its own executor: with a bound of 0 an answer could still be
    // read back for a moment, and "0 keeps nothing" must hold for the bench's every-request-misses figure.
    private void keep(Key key, Answer answer) {
        if (keeps) {
            cache.put(key, answer);
        }
    }
}
