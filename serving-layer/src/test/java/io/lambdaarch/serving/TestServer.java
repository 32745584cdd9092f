package io.lambdaarch.serving;

import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.serving.config.ServingConfig;
import java.time.Clock;
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
