package io.lambdaarch.serving.cli;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.SettingOverrides;
import io.lambdaarch.serving.ServingApplication;
import io.lambdaarch.serving.config.ServingConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the HTTP API and the dashboard until interrupted, creating serving_view first if it is missing.
 *
 * <p>Usage: {@code ./lambda serve [--host HOST] [--port PORT]}. Example: {@code ./lambda serve --port 9090}, then open
 * {@code http://127.0.0.1:9090/}.
 */
@Command(name = ServeCommand.NAME, mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the HTTP API (/api/...), /health, /metrics and the dashboard (/) until Ctrl-C."
                + " Settings come from LAMBDA_* variables (see README.md); these options override two of them.")
final class ServeCommand implements Callable<Integer> {
    static final String NAME = "serve";

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST",
            description = "Address to bind (overrides ${bundle:LAMBDA_SERVING_HOST}).")
    private String host;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to listen on, 0 for any free one (overrides ${bundle:LAMBDA_SERVING_PORT}).")
    private Integer port;

    @Option(names = CommandLines.DEBUG_OPTION, description = "Print stack traces of failures.")
    private boolean debug;

    private final Map<String, String> environment;
    private final CountDownLatch stopSignal;
    private final Clock clock;

    ServeCommand(Map<String, String> environment, CountDownLatch stopSignal, Clock clock) {
        this.environment = requireNonNull(environment, "environment is null");
        this.stopSignal = requireNonNull(stopSignal, "stopSignal is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Integer call() throws InterruptedException {
        SettingOverrides overrides = SettingOverrides.none()
                .with(ServingConfig.HOST, host, "option --host")
                .with(ServingConfig.PORT, port, "option --port");
        ServingConfig config = ServingConfig.from(ConfigSource.load(environment), overrides);
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopSignal.countDown();
            awaitQuietly(stopped);
        }, "serving-shutdown");
        try (ServingApplication application = ServingApplication.start(config, clock)) {
            Runtime.getRuntime().addShutdownHook(hook);
            out.printf("Serving layer ready: dashboard %s, API %sapi/..., metrics %smetrics. Press Ctrl-C to stop.%n",
                    application.baseUri(), application.baseUri(), application.baseUri());
            out.flush();
            stopSignal.await();
            out.println("Stopping the serving layer...");
            out.flush();
        } finally {
            stopped.countDown();
            removeQuietly(hook);
        }
        return CommandLines.OK;
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running, which is how we got here
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
