package io.lambdaarch.serving.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.serving.config.ServingConfig;
import io.lambdaarch.serving.dashboard.DashboardAssets;
import io.lambdaarch.serving.metrics.ServingMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.BindException;
import java.util.Set;

/**
 * The HTTP server (Javalin on Jetty): the API under {@code /api}, {@code /health}, {@code /metrics} and the dashboard
 * at {@code /}, each for GET and HEAD. Every failure goes through the one {@link ErrorMapper}, and every error body is
 * JSON, Jetty's own included ({@link JsonErrorHandler}); {@link RequestGate} checks the Host and the method first.
 */
public final class ServingHttpServer implements AutoCloseable {
    public static final String VIEWS = "/api/views";
    public static final String TOP_LOCATIONS = "/api/top-locations";
    public static final String TIMESERIES = "/api/timeseries";
    public static final String TOTALS = "/api/totals";
    public static final String FRESHNESS = "/api/freshness";
    public static final String RUN_HISTORY = "/api/batch-runs";
    public static final String DLQ = "/api/dlq";
    public static final String HEALTH = "/health";
    public static final String METRICS = "/metrics";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final Set<String> ROUTES = Set.of(VIEWS, TOP_LOCATIONS, TIMESERIES, TOTALS, FRESHNESS, RUN_HISTORY, DLQ, HEALTH,
            METRICS);

    private final Javalin app;

    public ServingHttpServer(ServingApi api, PipelineApi pipeline, ErrorMapper errors, PrometheusMeterRegistry registry,
            ServingMetrics metrics, ObjectMapper json, HostAllowlist hosts) {
        requireNonNull(api, "api is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(errors, "errors is null");
        requireNonNull(registry, "registry is null");
        requireNonNull(json, "json is null");
        requireNonNull(hosts, "hosts is null");
        HttpMetrics httpMetrics = new HttpMetrics(registry, ROUTES);
        RequestGate gate = new RequestGate(hosts, ROUTES, Set.of(HEALTH, METRICS));
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.requestLogger.http(httpMetrics::record);
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler(errors, json)));
            DashboardAssets.register(config);
            config.routes.before(gate::check);
            route(config, VIEWS, api::views);
            route(config, TOP_LOCATIONS, api::topLocations);
            route(config, TIMESERIES, api::timeseries);
            route(config, TOTALS, api::totals);
            route(config, FRESHNESS, api::freshness);
            route(config, RUN_HISTORY, pipeline::batchRuns);
            route(config, DLQ, pipeline::dlq);
            route(config, HEALTH, api::health);
            route(config, METRICS, ctx -> ctx.contentType(PROMETHEUS_TEXT).result(metrics.scrape()));
            config.routes.exception(Exception.class, (failure, ctx) -> {
                ApiError error = errors.toError(failure, ctx.method() + " " + ctx.path());
                ErrorCode code = error.error().code();
                if (code == ErrorCode.METHOD_NOT_ALLOWED) {
                    ctx.header("Allow", RequestGate.ALLOW);
                }
                if (code.retryAfterSeconds() > 0) {
                    ctx.header("Retry-After", Integer.toString(code.retryAfterSeconds()));
                }
                ctx.status(code.status()).json(error);
            });
            config.routes.error(404, ctx -> ctx.json(errors.notFound()));
        });
    }

    // HEAD runs the GET handler, so it answers the same status and headers; Jetty leaves the body out.
    private static void route(JavalinConfig config, String path, Handler handler) {
        config.routes.get(path, handler);
        config.routes.head(path, handler);
    }

    /** Binds {@code host:port} (port 0: any free one) and returns the port. */
    public int start(String host, int port) {
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            if (rootCause(e) instanceof BindException) {
                throw new TerseException(String.format("Cannot listen on %s:%d: %s (set %s or %s)", host, port,
                        Failures.rootMessage(e), ServingConfig.PORT, ServingConfig.HOST), e);
            }
            throw e;
        }
        return app.port();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Override
    public void close() {
        app.stop();
    }
}
