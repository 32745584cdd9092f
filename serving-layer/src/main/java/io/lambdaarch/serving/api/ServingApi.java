package io.lambdaarch.serving.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.serving.cache.CachingQueries;
import io.lambdaarch.serving.freshness.Freshness;
import io.lambdaarch.serving.freshness.FreshnessReading;
import io.lambdaarch.serving.freshness.FreshnessService;
import io.lambdaarch.serving.sql.Granularity;
import io.lambdaarch.serving.sql.GroupTotals;
import io.lambdaarch.serving.sql.ReadTransactions;
import io.lambdaarch.serving.sql.ServingQueries;
import io.lambdaarch.serving.sql.ServingViews;
import io.lambdaarch.serving.sql.StatementCanceller;
import io.lambdaarch.serving.sql.TimePoint;
import io.lambdaarch.serving.sql.TimeRange;
import io.lambdaarch.serving.sql.Totals;
import io.lambdaarch.serving.sql.WarehouseHealth;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The endpoints' handlers. Each endpoint asks one declared view, named by {@code view} (the default view when absent),
 * checked against the views served first ({@link ApiParameters#view}); its {@code complete} is also false while that
 * view is not yet whole ({@link io.lambdaarch.serving.freshness.ViewCompleteness}). Each checks its parameters first (a bad one is answered 400 before any connection is
 * taken), then reads the freshness block and its data in one read-only transaction, so both describe the same state:
 * the freshness read gives the data's version, and the data comes from the response cache when it holds an answer
 * for that version ({@link CachingQueries}).
 * Parameters come from the raw query string, decoded as UTF-8 ({@link QueryString}). While a read runs, the client's
 * connection is watched, and the read's statements are cancelled if the client goes.
 */
public final class ServingApi {
    private final ReadTransactions reads;
    private final ServingViews views;
    private final CachingQueries queries;
    private final FreshnessService freshness;
    private final WarehouseHealth health;
    private final ClientDisconnects disconnects;

    public ServingApi(ReadTransactions reads, ServingViews views, CachingQueries queries, FreshnessService freshness,
            WarehouseHealth health, ClientDisconnects disconnects) {
        this.reads = requireNonNull(reads, "reads is null");
        this.views = requireNonNull(views, "views is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.freshness = requireNonNull(freshness, "freshness is null");
        this.health = requireNonNull(health, "health is null");
        this.disconnects = requireNonNull(disconnects, "disconnects is null");
    }

    private record Answer<T>(T data, Freshness freshness) {
    }

    /** {@code GET /api/views}: every declared view, its dimensions with their grains, its measures, its merged view. */
    public void views(Context ctx) {
        ApiParameters.of(QueryString.parse(ctx.queryString()), Set.of());
        ctx.json(new ApiResponses.Views(views.all().stream().map(ApiResponses::view).toList(),
                views.defaultView().view().name()));
    }

    /** {@code GET /api/top-locations?view=&from=&to=&limit=}: the view's groups (its non-time dimensions), most first. */
    public void topLocations(Context ctx) throws SQLException {
        Map<String, List<String>> query = QueryString.parse(ctx.queryString());
        ServingQueries view = ApiParameters.view(query, views);
        ApiParameters parameters = ApiParameters.of(query, allowed(view, ApiParameters.LIMIT));
        TimeRange range = parameters.range();
        int limit = parameters.limit();
        if (view.groupColumns().isEmpty()) {
            throw new BadParameterException(ApiParameters.VIEW, String.format(
                    "view %s has no dimension but time: there is nothing to rank", view.view().name()));
        }
        Answer<List<GroupTotals>> answer = read(ctx, c -> {
            FreshnessReading current = freshness.read(c, view.view());
            return new Answer<>(queries.topLocations(view, c, current.version(), range, limit), current.freshness());
        });
        ctx.json(new ApiResponses.TopLocations(view.view().name(), view.groupColumns(), range.from().orElse(null),
                range.to().orElse(null), limit, answer.freshness().batchCutoff(), ApiResponses.rows(answer.data()),
                answer.freshness().complete(), answer.freshness()));
    }

    /**
     * {@code GET /api/timeseries?view=&<dimension>=&from=&to=&granularity=hour|day}: one group's series, a value for
     * each of the view's non-time dimensions ({@code location=} for the default view, {@code lang=} for lang_day).
     */
    public void timeseries(Context ctx) throws SQLException {
        Map<String, List<String>> query = QueryString.parse(ctx.queryString());
        ServingQueries view = ApiParameters.view(query, views);
        List<String> extra = new ArrayList<>(view.groupColumns());
        extra.add(ApiParameters.GRANULARITY);
        ApiParameters parameters = ApiParameters.of(query, allowed(view, extra.toArray(String[]::new)));
        if (view.granularities().isEmpty()) {
            throw new BadParameterException(ApiParameters.VIEW, String.format(
                    "view %s has no time dimension: it has no time series", view.view().name()));
        }
        Map<String, String> group = parameters.group(view.groupDimensions());
        Granularity granularity = parameters.granularity(view.granularities(), view.granularities().size() == 1
                ? String.format(" (view %s is kept by %s)", view.view().name(), view.granularities().get(0).externalName())
                : "");
        TimeRange range = parameters.boundedRange(granularity);
        Answer<List<TimePoint>> answer = read(ctx, c -> {
            FreshnessReading current = freshness.read(c, view.view());
            return new Answer<>(queries.timeseries(view, c, current.version(), group, range, granularity),
                    current.freshness());
        });
        ctx.json(new ApiResponses.Timeseries(view.view().name(), group.get(TweetView.LOCATION), group,
                granularity.externalName(), range.from().orElse(null), range.to().orElse(null),
                answer.freshness().batchCutoff(), ApiResponses.points(answer.data()), answer.freshness().complete(),
                answer.freshness()));
    }

    /** {@code GET /api/totals?view=&from=&to=} */
    public void totals(Context ctx) throws SQLException {
        Map<String, List<String>> query = QueryString.parse(ctx.queryString());
        ServingQueries view = ApiParameters.view(query, views);
        TimeRange range = ApiParameters.of(query, allowed(view)).range();
        Answer<Totals> answer = read(ctx, c -> {
            FreshnessReading current = freshness.read(c, view.view());
            return new Answer<>(queries.totals(view, c, current.version(), range), current.freshness());
        });
        ctx.json(new ApiResponses.TotalsBody(view.view().name(), range.from().orElse(null), range.to().orElse(null),
                answer.freshness().batchCutoff(), ApiResponses.row(answer.data()), answer.freshness().complete(),
                answer.freshness()));
    }

    /** {@code GET /api/freshness?view=} */
    public void freshness(Context ctx) throws SQLException {
        Map<String, List<String>> query = QueryString.parse(ctx.queryString());
        ServingQueries view = ApiParameters.view(query, views);
        ApiParameters.of(query, Set.of(ApiParameters.VIEW));
        Freshness current = read(ctx, c -> freshness.read(c, view.view()).freshness());
        ctx.json(new ApiResponses.FreshnessBody(current.complete(), current));
    }

    /** The parameters an endpoint of {@code view} takes: view, from and to (when it has a time dimension), {@code more}. */
    private static Set<String> allowed(ServingQueries view, String... more) {
        Set<String> allowed = new HashSet<>(List.of(more));
        allowed.add(ApiParameters.VIEW);
        if (view.timeGrain().isPresent()) {
            allowed.add(ApiParameters.FROM);
            allowed.add(ApiParameters.TO);
        }
        return allowed;
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
