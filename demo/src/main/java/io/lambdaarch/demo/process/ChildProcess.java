package io.lambdaarch.demo.process;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One pipeline service running as its own operating-system process, as in production, with its output in a log
 * file. Stopping sends SIGTERM first (every service flushes and exits cleanly on it) and SIGKILL only after a grace
 * period.
 */
public final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code workingDir} with {@code environment} added, output appended to {@code log}. */
    public static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path workingDir, Path log) {
        requireNonNull(name, "name is null");
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            return new ChildProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + " (" + String.join(" ", command) + ")", e);
        }
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, once the process has ended. */
    public int exitCode() {
        return process.exitValue();
    }

    /** Waits up to {@code timeout} for the process to end on its own; true if it did. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM, then SIGKILL if it has not ended within {@code grace}. Returns the exit code. */
    public int stop(Duration grace) throws InterruptedException {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        }
        process.waitFor();
        return process.exitValue();
    }

    /** SIGKILL, as a crash or the OOM killer would: nothing gets a chance to clean up. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
    }

    /** The last {@code lines} lines of the log, for saying why a service died. */
    public List<String> tail(int lines) {
        Deque<String> last = new ArrayDeque<>(lines);
        try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
            all.forEach(line -> {
                if (last.size() == lines) {
                    last.removeFirst();
                }
                last.addLast(line);
            });
        } catch (IOException | UncheckedIOException e) {
            return List.of("(log " + log + " unreadable: " + e.getMessage() + ")");
        }
        return List.copyOf(last);
    }

    /** {@code exited with code N; last lines of LOG:} and those lines, one per line, for a child that has exited. */
    public String exitReport(int lines) {
        return "exited with code " + exitCode() + "; last lines of " + log + ":\n  " + String.join("\n  ", tail(lines));
    }

    @Override
    public void close() throws InterruptedException {
        stop(Duration.ofSeconds(30));
    }
}
