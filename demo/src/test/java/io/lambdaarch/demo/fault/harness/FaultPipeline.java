package io.lambdaarch.demo.fault.harness;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.files.Directories;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import io.lambdaarch.demo.process.ChildProcess;
import io.lambdaarch.demo.status.ServingApiClient;
import io.lambdaarch.demo.verify.ServingViewReader;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment every fault test sets up: a sandbox of the embedded stack, a work directory of its own under
 * {@code demo/target}, every setting passed in the services' environment (the ingest bucket, the batch clock margin,
 * a 1 s speed trigger and lag refresh, plus the test's own), the runner that starts the services through
 * {@code ./lambda}, and the probes of the warehouse and the serving API the tests check against their truth.
 */
public final class FaultPipeline implements AutoCloseable {
    private final StackSandbox sandbox;
    private final Path workDir;
    private final ServiceRunner services;
    private final WarehouseProbe warehouse;
    private final int servingPort;
    private final ServingApiClient api;
    private final ExactnessCheck exactness;

    private FaultPipeline(StackSandbox sandbox, Path workDir, ServiceRunner services) {
        this.sandbox = requireNonNull(sandbox, "sandbox is null");
        this.workDir = requireNonNull(workDir, "workDir is null");
        this.services = requireNonNull(services, "services is null");
        this.warehouse = new WarehouseProbe(sandbox::connect);
        this.servingPort = FreePort.onLoopback();
        this.api = new ServingApiClient(URI.create("http://127.0.0.1:" + servingPort));
        this.exactness = new ExactnessCheck(new ServingViewReader(new WarehouseConnector(sandbox.warehouseSettings())),
                () -> api, services, System.out);
    }

    /**
     * Prepares the sandbox {@code name} and the work directory {@code demo/target/<workDirName>} (emptied first); starts
     * no service yet.
     *
     * @param bucket the ingest bucket B, the same for batch and speed
     * @param margin LAMBDA_BATCH_CLOCK_MARGIN: ingestion and batch share this machine's clock with the broker
     * @param settings the test's own settings, on top of the shared ones
     */
    public static FaultPipeline prepare(LocalStack stack, String name, String workDirName, Duration bucket, Duration margin,
            Map<String, String> settings) throws IOException {
        Repository repository = Repository.locate();
        StackSandbox sandbox = stack.sandbox(name);
        Path workDir = repository.root().resolve("demo").resolve("target").resolve(workDirName);
        Directories.deleteRecursively(workDir);
        Files.createDirectories(workDir.resolve("batch-tmp"));
        // An empty settings file of our own, so a .lambda/stack.env of the checkout never fills in a setting.
        Path stackEnv = workDir.resolve("stack.env");
        Files.writeString(stackEnv, "# the fault tests pass every setting in the environment\n", StandardCharsets.UTF_8);

        Map<String, String> environment = new HashMap<>(sandbox.settings());
        environment.put(ConfigSource.STACK_ENV.name(), stackEnv.toString());
        environment.put(PipelineSettings.INGEST_BUCKET.name(), bucket.toSeconds() + "s");
        environment.put("LAMBDA_BATCH_CLOCK_MARGIN", margin.toSeconds() + "s");
        environment.put("LAMBDA_BATCH_TEMP_DIR", workDir.resolve("batch-tmp").toString());
        environment.put("LAMBDA_SPEED_CHECKPOINT", speedCheckpoint(workDir).toString());
        environment.put("LAMBDA_SPEED_TRIGGER_INTERVAL", "1s");
        environment.put("LAMBDA_SERVING_LAG_REFRESH", "1s");
        environment.putAll(settings);
        return new FaultPipeline(sandbox, workDir, new ServiceRunner(repository, workDir.resolve("logs"), environment));
    }

    /** Starts the serving layer on this pipeline's port; {@link #awaitServingUp} waits for its first answer. */
    public ChildProcess startServing() {
        return services.start(Service.SERVING, List.of("--port", Integer.toString(servingPort)));
    }

    /** Starts the speed job on its checkpoint (about half a minute of Spark before its first micro-batch). */
    public ChildProcess startSpeed() {
        return services.start(Service.SPEED, List.of());
    }

    /** Waits until {@code serving} answers; fails if it exits first or does not answer within {@code timeout}. */
    public void awaitServingUp(ChildProcess serving, Duration timeout) {
        services.awaitUntil("the serving layer answers", timeout, () -> !serving.isAlive() || api.isUp());
        assertThat(serving.isAlive()).as("serving layer: %s", serving.log()).isTrue();
    }

    public StackSandbox sandbox() {
        return sandbox;
    }

    /** Spark's checkpoint of the speed job, whose offset log says what each micro-batch read. */
    public Path speedCheckpoint() {
        return speedCheckpoint(workDir);
    }

    public ServiceRunner services() {
        return services;
    }

    public WarehouseProbe warehouse() {
        return warehouse;
    }

    public ServingApiClient api() {
        return api;
    }

    public ExactnessCheck exactness() {
        return exactness;
    }

    /** Stops every service still running. */
    @Override
    public void close() throws InterruptedException {
        services.close();
    }

    private static Path speedCheckpoint(Path workDir) {
        return workDir.resolve("speed-checkpoint");
    }
}
