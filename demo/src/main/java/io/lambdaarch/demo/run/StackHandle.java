package io.lambdaarch.demo.run;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.demo.process.ChildProcess;
import io.lambdaarch.demo.process.ServiceLauncher;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The embedded stack the demo or verify runs on: either one already running (found through its stack.env and
 * reachable), or a new {@code ./lambda stack} child process that this handle stops again.
 */
public final class StackHandle implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Path envFile;
    private final Map<String, String> settings;
    private final ChildProcess process;

    private StackHandle(Path envFile, Map<String, String> settings, ChildProcess process) {
        this.envFile = envFile;
        this.settings = Map.copyOf(settings);
        this.process = process;
    }

    /** Uses the stack behind {@code envFile} if it answers; otherwise starts one that writes {@code envFile}. */
    public static StackHandle reuseOrStart(ServiceLauncher launcher, Path envFile, List<String> stackArgs,
            Map<String, String> stackEnvironment) throws InterruptedException {
        Optional<Map<String, String>> running = readIfReachable(envFile);
        if (running.isPresent()) {
            return new StackHandle(envFile, running.get(), null);
        }
        return start(launcher, envFile, stackArgs, stackEnvironment);
    }

    /** Starts a new stack as a child process and waits until it has written {@code envFile}. */
    public static StackHandle start(ServiceLauncher launcher, Path envFile, List<String> stackArgs,
            Map<String, String> stackEnvironment) throws InterruptedException {
        requireNonNull(envFile, "envFile is null");
        try {
            Files.deleteIfExists(envFile);
        } catch (IOException e) {
            throw new TerseException("Cannot remove the stale " + envFile + ": " + e.getMessage());
        }
        List<String> args = new ArrayList<>(stackArgs);
        args.add("--env-file");
        args.add(envFile.toAbsolutePath().toString());
        ChildProcess stack = launcher.start("stack", "stack", args, stackEnvironment);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!stack.isAlive()) {
                throw new TerseException("The local stack exited with code " + stack.exitCode() + " before it was ready: "
                        + String.join(" | ", stack.tail(5)));
            }
            Optional<Map<String, String>> settings = readIfReachable(envFile);
            if (settings.isPresent()) {
                return new StackHandle(envFile, settings.get(), stack);
            }
            Thread.sleep(250);
        }
        stack.kill();
        throw new TerseException("The local stack was not ready after " + START_TIMEOUT.toMinutes() + " minutes; see " + stack.log());
    }

    public Path envFile() {
        return envFile;
    }

    /** The LAMBDA_* and AWS_* settings of the stack. */
    public Map<String, String> settings() {
        return settings;
    }

    /** True if this handle started the stack (and will stop it). */
    public boolean owned() {
        return process != null;
    }

    /** The stack's data directory, where tools keep state that must be wiped together with the stack's data. */
    public Path dataDir() {
        String dir = settings.get("LAMBDA_STACK_DATA_DIR");
        if (dir == null) {
            throw new TerseException(envFile + " does not name the stack's data directory (LAMBDA_STACK_DATA_DIR);"
                    + " restart the stack with this version of ./lambda stack");
        }
        return Path.of(dir);
    }

    public Optional<ChildProcess> process() {
        return Optional.ofNullable(process);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.stop(Duration.ofSeconds(60));
        }
    }

    private static Optional<Map<String, String>> readIfReachable(Path envFile) {
        if (!Files.isRegularFile(envFile)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(envFile, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        Map<String, String> settings = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
        String bootstrap = settings.get(KafkaSettings.BOOTSTRAP.name());
        String jdbcUrl = settings.get(WarehouseSettings.URL.name());
        if (bootstrap == null || jdbcUrl == null) {
            return Optional.empty();
        }
        URI warehouse = URI.create(jdbcUrl.substring("jdbc:".length()));
        String[] kafka = bootstrap.split(",")[0].split(":");
        if (reachable(kafka[0], Integer.parseInt(kafka[1])) && reachable(warehouse.getHost(), warehouse.getPort())) {
            return Optional.of(settings);
        }
        return Optional.empty();
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
