package io.lambdaarch.demo.fault.harness;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.demo.process.ChildProcess;
import io.lambdaarch.demo.process.ServiceLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Starts services through {@code ./lambda} as separate processes (each launch gets its own log, {@code batch-3.log}),
 * remembers the latest launch of each service for failure reports, and stops whatever is still running at the end.
 */
public final class ServiceRunner implements AutoCloseable {
    private final ServiceLauncher launcher;
    private final Path logDir;
    private final Map<Service, Integer> launches = new EnumMap<>(Service.class);
    private final Map<Service, ChildProcess> latest = new EnumMap<>(Service.class);
    private final List<ChildProcess> started = new CopyOnWriteArrayList<>();
    // The test JVM may be stopped (Ctrl-C, a killed build) before close(): the services must not outlive it.
    private final Thread killer = new Thread(this::killAll, "fault-suite-children-killer");

    /**
     * @param repository where {@code ./lambda} is
     * @param logDir where the children's logs go
     * @param environment what every child gets on top of this JVM's environment
     */
    public ServiceRunner(Repository repository, Path logDir, Map<String, String> environment) {
        this.logDir = requireNonNull(logDir, "logDir is null");
        this.launcher = new ServiceLauncher(repository.root(), logDir, environment);
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** Starts {@code ./lambda <command> args}; the child's output goes to {@code <service>-<n>.log}. */
    public synchronized ChildProcess start(Service service, List<String> args, Map<String, String> extraEnvironment) {
        int launch = launches.merge(service, 1, Integer::sum);
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_OPTS", service.javaOptions());
        environment.putAll(extraEnvironment);
        ChildProcess child = launcher.start(service.logName() + "-" + launch, service.command(), args, environment);
        latest.put(service, child);
        started.add(child);
        return child;
    }

    public ChildProcess start(Service service, List<String> args) {
        return start(service, args, Map.of());
    }

    /** Runs a command to its end; fails if it does not end within {@code timeout} (and kills it then). */
    public Finished run(Service service, List<String> args, Map<String, String> extraEnvironment, Duration timeout)
            throws InterruptedException {
        return awaitExit(start(service, args, extraEnvironment), timeout);
    }

    public Finished run(Service service, List<String> args, Duration timeout) throws InterruptedException {
        return run(service, args, Map.of(), timeout);
    }

    /** Waits for {@code child} to end by itself; kills it and fails after {@code timeout}. */
    public Finished awaitExit(ChildProcess child, Duration timeout) throws InterruptedException {
        if (!child.awaitExit(timeout)) {
            child.kill();
            throw new AssertionError(child.name() + " did not end within " + timeout.toSeconds() + " s; last lines:\n"
                    + tail(child, 30));
        }
        return new Finished(child, child.exitCode());
    }

    /**
     * Waits (polling every 25 ms) until {@code condition} holds; fails after {@code timeout} with the tails of the
     * services' logs.
     */
    public void awaitUntil(String what, Duration timeout, Callable<Boolean> condition) {
        try {
            Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(25)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Not reached within " + timeout.toSeconds() + " s: " + what + tails(25), e);
        }
    }

    /** The latest launch of each service, for failure reports. */
    public synchronized List<ChildProcess> latestLaunches() {
        return List.copyOf(latest.values());
    }

    /** The last {@code lines} lines of every latest launch's log, for a failure message. */
    public String tails(int lines) {
        StringBuilder report = new StringBuilder();
        for (ChildProcess child : latestLaunches()) {
            report.append(String.format(Locale.ROOT, "%n--- %s (%s) ---%n", child.log(),
                    child.isAlive() ? "running" : "exited " + child.exitCode()));
            report.append(tail(child, lines));
        }
        return report.toString();
    }

    public Path logDir() {
        return logDir;
    }

    /** Stops (SIGTERM, then SIGKILL) every child still running. */
    @Override
    public synchronized void close() throws InterruptedException {
        for (ChildProcess child : started) {
            if (child.isAlive()) {
                child.stop(Duration.ofSeconds(20));
            }
        }
        Runtime.getRuntime().removeShutdownHook(killer);
    }

    private void killAll() {
        for (ChildProcess child : started) {
            try {
                child.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static String tail(ChildProcess child, int lines) {
        return String.join(System.lineSeparator(), child.tail(lines)) + System.lineSeparator();
    }

    /** A child that has ended, with its exit code and everything it printed. */
    public record Finished(ChildProcess child, int exitCode) {
        public Finished {
            requireNonNull(child, "child is null");
        }

        /** Every line the child printed (stdout and stderr). */
        public List<String> output() {
            try {
                return Files.readAllLines(child.log(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + child.log(), e);
            }
        }

        /** The output as one string, for assertion messages. */
        public String describe() {
            return child.name() + " exited " + exitCode + "; output:" + System.lineSeparator()
                    + String.join(System.lineSeparator(), output());
        }
    }
}
