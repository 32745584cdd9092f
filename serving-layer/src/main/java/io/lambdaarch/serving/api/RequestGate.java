package io.lambdaarch.serving.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.lambdaarch.serving.config.ServingConfig;
import io.lambdaarch.serving.dashboard.DashboardAssets;
import io.micrometer.core.instrument.binder.http.HttpMethods;
import java.util.Set;

/**
 * Runs before every handler: refuses a {@code Host} that is not allowed (403), a method that is not HTTP's (501) and
 * a known method other than GET and HEAD (405 on an existing resource, with {@code Allow}; 404 elsewhere), and sets
 * the headers every answer carries. Refusals are exceptions, so the one {@link ErrorMapper} answers them in JSON.
 */
final class RequestGate {
    /** What every resource of this server takes: it only serves reads. */
    static final String ALLOW = "GET, HEAD";
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");

    private final HostAllowlist hosts;
    private final Set<String> routes;
    private final Set<String> uncachedPaths;

    /** {@code routes}: the handlers' paths; {@code uncachedPaths}: those answered with Cache-Control no-store. */
    RequestGate(HostAllowlist hosts, Set<String> routes, Set<String> uncachedPaths) {
        this.hosts = requireNonNull(hosts, "hosts is null");
        this.routes = Set.copyOf(routes);
        this.uncachedPaths = Set.copyOf(uncachedPaths);
    }

    void check(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", DashboardAssets.CONTENT_SECURITY_POLICY);
        String path = ctx.path();
        if (uncachedPaths.contains(path) || path.startsWith("/api/")) {
            ctx.header("Cache-Control", "no-store");
        }
        String host = ctx.header("Host");
        if (!hosts.allows(host)) {
            throw new RequestRejectedException(ErrorCode.HOST_NOT_ALLOWED, String.format("Host %s is not allowed here;"
                    + " the server's operator can add its name to %s", ApiParameters.printable(host),
                    ServingConfig.ALLOWED_HOSTS));
        }
        String method = ctx.req().getMethod();
        if (!HttpMethods.isStandard(method)) {
            throw new RequestRejectedException(ErrorCode.NOT_IMPLEMENTED, String.format(
                    "method %s is not implemented; this server answers %s", ApiParameters.printable(method), ALLOW));
        }
        if (!READ_METHODS.contains(method)) {
            if (routes.contains(path) || DashboardAssets.serves(path)) {
                throw new RequestRejectedException(ErrorCode.METHOD_NOT_ALLOWED, String.format(
                        "%s does not take %s; it answers %s", path, method, ALLOW));
            }
            throw new RequestRejectedException(ErrorCode.NOT_FOUND, ErrorCode.NOT_FOUND.clientMessage());
        }
    }
}
