package io.lambdaarch.serving.dashboard;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The dashboard: static files under {@code /static} on the classpath (index.html, dashboard.js, dashboard.css and
 * the vendored uPlot), served at {@code /}. The page reads only this server's API, so the content security policy
 * allows nothing from anywhere else.
 */
public final class DashboardAssets {
    /** Sent with every response: scripts, styles and data only from this origin, no framing. */
    public static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    static final String CLASSPATH_DIRECTORY = "/static";
    private static final Pattern FILE_PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");

    private DashboardAssets() {
    }

    /** Whether {@code path} is one of the dashboard's files ({@code /} is its page). */
    public static boolean serves(String path) {
        if (path.equals("/")) {
            return true;
        }
        return FILE_PATH.matcher(path).matches() && DashboardAssets.class.getResource(CLASSPATH_DIRECTORY + path) != null;
    }

    /** Serves the dashboard's files at {@code /}; the browser revalidates them, so a new jar shows at once. */
    public static void register(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = CLASSPATH_DIRECTORY;
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "no-cache");
        });
    }
}
