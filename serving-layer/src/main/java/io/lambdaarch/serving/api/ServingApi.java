package io.lambdaarch.serving.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.serving.freshness.Freshness;
import io.lambdaarch.serving.freshness.FreshnessService;
import io.lambdaarch.serving.sql.Granularity;
import io.lambdaarch.serving.sql.LocationTotals;
import io.lambdaarch.serving.sql.ReadTransactions;
import io.lambdaarch.serving.sql.ServingQueries;
import io.lambdaarch.serving.sql.TimePoint;
import io.lambdaarch.serving.sql.TimeRange;
import io.lambdaarch.serving.sql.Totals;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints' handlers. Each checks its parameters first (a bad one is answered 400 before any connection is
 * taken), then reads its data and the freshness block in one read-only transaction, so both describe the same state.
 */
public final class ServingApi {
    private static final Logger LOG = LoggerFactory.getLogger(ServingApi.class);
    private static final Set<String> RANGE = Set.of(ApiParameters.FROM, ApiParameters.TO);
    private static final Set<String> TOP = Set.of(ApiParameters.FROM, ApiParameters.TO, ApiParameters.LIMIT);
    private static final Set<String> SERIES = Set.of(
            ApiParameters.LOCATION, ApiParameters.FROM, ApiParameters.TO, ApiParameters.GRANULARITY);
    private static final int HEALTH_CHECK_SECONDS = 2;

    private final ReadTransactions reads;
    private final ServingQueries queries;
    private final FreshnessService freshness;

    public ServingApi(ReadTransactions reads, ServingQueries queries, FreshnessService freshness) {
        this.reads = requireNonNull(reads, "reads is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.freshness = requireNonNull(freshness, "freshness is null");
    }

    private record Answer<T>(T data, Freshness freshness) {
    }

    /** {@code GET /api/top-locations?from=&to=&limit=} */
    public void topLocations(Context ctx) throws SQLException {
        ApiParameters parameters = ApiParameters.of(ctx.queryParamMap(), TOP);
        TimeRange range = parameters.range();
        int limit = parameters.limit();
        Answer<List<LocationTotals>> answer = reads.read(
                c -> new Answer<>(queries.topLocations(c, range, limit), freshness.current(c)));
        ctx.json(new ApiResponses.TopLocations(range.from().orElse(null), range.to().orElse(null), limit,
                ApiResponses.rows(answer.data()), answer.freshness().complete(), answer.freshness()));
    }

    /** {@code GET /api/timeseries?location=&from=&to=&granularity=hour|day} */
    public void timeseries(Context ctx) throws SQLException {
        ApiParameters parameters = ApiParameters.of(ctx.queryParamMap(), SERIES);
        String location = parameters.location();
        Granularity granularity = parameters.granularity();
        TimeRange range = parameters.boundedRange(granularity);
        Answer<List<TimePoint>> answer = reads.read(
                c -> new Answer<>(queries.timeseries(c, location, range, granularity), freshness.current(c)));
        ctx.json(new ApiResponses.Timeseries(location, granularity.externalName(), range.from().orElse(null),
                range.to().orElse(null), ApiResponses.points(answer.data()), answer.freshness().complete(),
                answer.freshness()));
    }

    /** {@code GET /api/totals?from=&to=} */
    public void totals(Context ctx) throws SQLException {
        TimeRange range = ApiParameters.of(ctx.queryParamMap(), RANGE).range();
        Answer<Totals> answer = reads.read(c -> new Answer<>(queries.totals(c, range), freshness.current(c)));
        ctx.json(new ApiResponses.TotalsBody(range.from().orElse(null), range.to().orElse(null),
                ApiResponses.row(answer.data()), answer.freshness().complete(), answer.freshness()));
    }

    /** {@code GET /api/freshness} */
    public void freshness(Context ctx) throws SQLException {
        ApiParameters.of(ctx.queryParamMap(), Set.of());
        Freshness current = reads.read(freshness::current);
        ctx.json(new ApiResponses.FreshnessBody(current.complete(), current));
    }

    /** {@code GET /health}: 200 when a warehouse connection answers, else 503. */
    public void health(Context ctx) {
        boolean up;
        try {
            up = reads.read(c -> c.isValid(HEALTH_CHECK_SECONDS));
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Health check: the warehouse does not answer: {}", Failures.rootMessage(e));
            up = false;
        }
        if (up) {
            ctx.json(new ApiResponses.Health("UP", "UP"));
        } else {
            ctx.status(503).json(new ApiResponses.Health("DOWN", "DOWN"));
        }
    }
}
