package io.lambdaarch.serving.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.lambdaarch.serving.cache.CachingQueries;
import io.lambdaarch.serving.freshness.Freshness;
import io.lambdaarch.serving.freshness.FreshnessReading;
import io.lambdaarch.serving.freshness.FreshnessService;
import io.lambdaarch.serving.sql.Granularity;
import io.lambdaarch.serving.sql.LocationTotals;
import io.lambdaarch.serving.sql.ReadTransactions;
import io.lambdaarch.serving.sql.StatementCanceller;
import io.lambdaarch.serving.sql.TimePoint;
import io.lambdaarch.serving.sql.TimeRange;
import io.lambdaarch.serving.sql.Totals;
import io.lambdaarch.serving.sql.WarehouseHealth;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * The endpoints' handlers. Each checks its parameters first (a bad one is answered 400 before any connection is
 * taken), then reads the freshness block and its data in one read-only transaction, so both describe the same state:
 * the freshness read gives the data's version, and the data comes from the response cache when it holds an answer
 * for that version ({@link CachingQueries}).
 * Parameters come from the raw query string, decoded as UTF-8 ({@link QueryString}). While a read runs, the client's
 * connection is watched, and the read's statements are cancelled if the client goes.
 */
public final class ServingApi {
    private static final Set<String> RANGE = Set.of(ApiParameters.FROM, ApiParameters.TO);
    private static final Set<String> TOP = Set.of(ApiParameters.FROM, ApiParameters.TO, ApiParameters.LIMIT);
    private static final Set<String> SERIES = Set.of(
            ApiParameters.LOCATION, ApiParameters.FROM, ApiParameters.TO, ApiParameters.GRANULARITY);

    private final ReadTransactions reads;
    private final CachingQueries queries;
    private final FreshnessService freshness;
    private final WarehouseHealth health;
    private final ClientDisconnects disconnects;

    public ServingApi(ReadTransactions reads, CachingQueries queries, FreshnessService freshness, WarehouseHealth health,
            ClientDisconnects disconnects) {
        this.reads = requireNonNull(reads, "reads is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.freshness = requireNonNull(freshness, "freshness is null");
        this.health = requireNonNull(health, "health is null");
        this.disconnects = requireNonNull(disconnects, "disconnects is null");
    }

    private record Answer<T>(T data, Freshness freshness) {
    }

    /** {@code GET /api/top-locations?from=&to=&limit=} */
    public void topLocations(Context ctx) throws SQLException {
        ApiParameters parameters = ApiParameters.of(QueryString.parse(ctx.queryString()), TOP);
        TimeRange range = parameters.range();
        int limit = parameters.limit();
        Answer<List<LocationTotals>> answer = read(ctx, c -> {
            FreshnessReading current = freshness.read(c);
            return new Answer<>(queries.topLocations(c, current.version(), range, limit), current.freshness());
        });
        ctx.json(new ApiResponses.TopLocations(range.from().orElse(null), range.to().orElse(null), limit,
                answer.freshness().batchCutoff(), ApiResponses.rows(answer.data()), answer.freshness().complete(),
                answer.freshness()));
    }

    /** {@code GET /api/timeseries?location=&from=&to=&granularity=hour|day} */
    public void timeseries(Context ctx) throws SQLException {
        ApiParameters parameters = ApiParameters.of(QueryString.parse(ctx.queryString()), SERIES);
        String location = parameters.location();
        Granularity granularity = parameters.granularity();
        TimeRange range = parameters.boundedRange(granularity);
        Answer<List<TimePoint>> answer = read(ctx, c -> {
            FreshnessReading current = freshness.read(c);
            return new Answer<>(queries.timeseries(c, current.version(), location, range, granularity),
                    current.freshness());
        });
        ctx.json(new ApiResponses.Timeseries(location, granularity.externalName(), range.from().orElse(null),
                range.to().orElse(null), answer.freshness().batchCutoff(), ApiResponses.points(answer.data()),
                answer.freshness().complete(), answer.freshness()));
    }

    /** {@code GET /api/totals?from=&to=} */
    public void totals(Context ctx) throws SQLException {
        TimeRange range = ApiParameters.of(QueryString.parse(ctx.queryString()), RANGE).range();
        Answer<Totals> answer = read(ctx, c -> {
            FreshnessReading current = freshness.read(c);
            return new Answer<>(queries.totals(c, current.version(), range), current.freshness());
        });
        ctx.json(new ApiResponses.TotalsBody(range.from().orElse(null), range.to().orElse(null),
                answer.freshness().batchCutoff(), ApiResponses.row(answer.data()), answer.freshness().complete(),
                answer.freshness()));
    }

    /** {@code GET /api/freshness} */
    public void freshness(Context ctx) throws SQLException {
        ApiParameters.of(QueryString.parse(ctx.queryString()), Set.of());
        Freshness current = read(ctx, freshness::current);
        ctx.json(new ApiResponses.FreshnessBody(current.complete(), current));
    }

    /** {@code GET /health}: 200 when the warehouse answers on the health check's own connection, else 503. */
    public void health(Context ctx) {
        if (health.answers()) {
            ctx.json(new ApiResponses.Health("UP", "UP"));
        } else {
            ctx.status(503).json(new ApiResponses.Health("DOWN", "DOWN"));
        }
    }

    // Reads while watching the client: if it goes, the read's statements are cancelled and the answer is a 499.
    private <T> T read(Context ctx, ReadTransactions.Read<T> work) throws SQLException {
        StatementCanceller canceller = new StatementCanceller();
        try (ClientDisconnects.Watch watch = disconnects.watch(ctx, canceller::cancel)) {
            return reads.read(work, canceller);
        } catch (SQLException | RuntimeException e) {
            if (canceller.cancelled()) {
                throw new ClientGoneException(e);
            }
            throw e;
        }
    }
}
