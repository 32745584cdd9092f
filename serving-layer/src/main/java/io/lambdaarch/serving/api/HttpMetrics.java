package io.lambdaarch.serving.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.HttpMethods;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Times every request as {@code http_server_requests_seconds{method,route,status}}, with bounded label values: known
 * routes, and standard methods; any other method is labelled {@value #OTHER_METHOD} (Micrometer's servlet tags use one
 * shared label too, UNKNOWN, and OpenTelemetry's conventions _OTHER), so made-up methods cannot grow /metrics.
 */
public final class HttpMetrics {
    static final String OTHER_METHOD = "OTHER";
    private final MeterRegistry registry;
    private final Set<String> routes;

    public HttpMetrics(MeterRegistry registry, Set<String> routes) {
        this.registry = requireNonNull(registry, "registry is null");
        this.routes = Set.copyOf(routes);
    }

    public void record(Context ctx, float millis) {
        Timer.builder("http.server.requests")
                .description("HTTP requests served")
                .tag("method", method(ctx.method().name()))
                .tag("route", route(ctx))
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    /** {@code method} when it is one of HTTP's standard methods, else {@value #OTHER_METHOD}. */
    static String method(String method) {
        if (HttpMethods.isStandard(method)) {
            return method;
        }
        return OTHER_METHOD;
    }

    // Any path could be requested: only known routes get their own label, so the number of series stays bounded.
    private String route(Context ctx) {
        if (routes.contains(ctx.path())) {
            return ctx.path();
        }
        if (ctx.statusCode() < 400) {
            return "static";
        }
        return "other";
    }
}
