package io.lambdaarch.serving.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
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
 * at {@code /}. Every failure goes through the one {@link ErrorMapper}.
 */
public final class ServingHttpServer implements AutoCloseable {
    public static final String TOP_LOCATIONS = "/api/top-locations";
    public static final String TIMESERIES = "/api/timeseries";
    public static final String TOTALS = "/api/totals";
    public static final String FRESHNESS = "/api/freshness";
    public static final String BATCH_RUNS = "/api/batch-runs";
    public static final String DLQ = "/api/dlq";
    public static final String HEALTH = "/health";
    public static final String METRICS = "/metrics";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Javalin app;

    public ServingHttpServer(ServingApi api, PipelineApi pipeline, ErrorMapper errors, PrometheusMeterRegistry registry,
            ServingMetrics metrics, ObjectMapper json) {
        requireNonNull(api, "api is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(errors, "errors is null");
        requireNonNull(registry, "registry is null");
        requireNonNull(json, "json is null");
        HttpMetrics httpMetrics = new HttpMetrics(registry,
                Set.of(TOP_LOCATIONS, TIMESERIES, TOTALS, FRESHNESS, BATCH_RUNS, DLQ, HEALTH, METRICS));
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.requestLogger.http(httpMetrics::record);
            DashboardAssets.register(config);
            config.routes.before(ctx -> {
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Content-Security-Policy", DashboardAssets.CONTENT_SECURITY_POLICY);
                if (ctx.path().startsWith("/api/")) {
                    ctx.header("Cache-Control", "no-store");
                }
            });
            config.routes.get(TOP_LOCATIONS, api::topLocations);
            config.routes.get(TIMESERIES, api::timeseries);
            config.routes.get(TOTALS, api::totals);
            config.routes.get(FRESHNESS, api::freshness);
            config.routes.get(BATCH_RUNS, pipeline::batchRuns);
            config.routes.get(DLQ, pipeline::dlq);
            config.routes.get(HEALTH, api::health);
            config.routes.get(METRICS, ctx -> ctx.contentType(PROMETHEUS_TEXT).result(metrics.scrape()));
            config.routes.exception(Exception.class, (failure, ctx) -> {
                ApiError error = errors.toError(failure, ctx.method() + " " + ctx.path());
                ctx.status(error.error().code().status()).json(error);
            });
            config.routes.error(404, ctx -> ctx.json(errors.notFound()));
        });
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
