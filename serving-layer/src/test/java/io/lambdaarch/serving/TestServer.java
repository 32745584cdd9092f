package io.lambdaarch.serving;

import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.serving.config.ServingConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** The serving layer running on a sandbox for a test class, on a free port, with its clock stopped at {@code now}. */
public final class TestServer implements AutoCloseable {
    private final ServingApplication application;
    private final ApiClient api;

    private TestServer(ServingApplication application) {
        this.application = application;
        this.api = new ApiClient(application.baseUri());
    }

    /** Starts it with the sandbox's settings plus {@code extra}. */
    public static TestServer start(StackSandbox sandbox, Instant now, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.putIfAbsent(ServingConfig.PORT.name(), "0");
        ServingConfig config = ServingConfig.from(sandbox.configSource(settings));
        return new TestServer(ServingApplication.start(config, Clock.fixed(now, ZoneOffset.UTC)));
    }

    public ServingApplication application() {
        return application;
    }

    public ApiClient api() {
        return api;
    }

    /**
     * Waits until the default view's in-memory index holds recompute {@code runId} (its version gauge on /metrics says
     * so), so the next questions the cache lacks are answered from it.
     */
    public void awaitIndexOf(String runId) {
        awaitIndexOf("view", runId);
    }

    /** Like {@link #awaitIndexOf(String)}, for the index of view {@code view}. */
    public void awaitIndexOf(String view, String runId) {
        String sample = "lambda_serving_index_version{batch_run=\"" + runId + "\",view=\"" + view + "\"}";
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!api.get("metrics").body().contains(sample)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the serving index did not load recompute " + runId + " within 2 minutes");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the serving index", e);
            }
        }
    }

    /** Closes {@code server} if it was started (a skipped or failed set-up leaves it null). */
    public static void closeIfStarted(TestServer server) {
        if (server != null) {
            server.close();
        }
    }

    @Override
    public void close() {
        application.close();
    }
}
