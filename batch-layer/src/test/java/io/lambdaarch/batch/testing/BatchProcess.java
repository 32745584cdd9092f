package io.lambdaarch.batch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The shaded batch jar in a child JVM, so a crash point's {@code Runtime.halt} kills the child and not the tests,
 * and so a heap limit applies to the job alone. The child sees only the given settings (no inherited LAMBDA_* and
 * no stack.env: the child runs in an empty temporary directory).
 */
public final class BatchProcess {
    private final Process process;
    private final Path output;

    private BatchProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code java <jvmOptions> -jar batch-layer.jar <args>}. */
    public static BatchProcess start(Map<String, String> settings, List<String> jvmOptions, String... args) {
        String jar = System.getProperty("batch.jar");
        // Failsafe sets batch.jar after the package phase; a unit-test run that picks up an IT has no jar to start.
        Assumptions.assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)),
                "System property batch.jar must name the shaded jar (run the ITs with Maven verify): " + jar);
        try {
            Path workDir = Files.createTempDirectory("batch-child-");
            Path output = workDir.resolve("output.txt");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar);
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("LAMBDA_") || k.startsWith("AWS_"));
            builder.environment().putAll(settings);
            return new BatchProcess(builder.start(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs to the end (at most {@code timeout}) and returns the exit code and output. */
    public static BatchCli.Result run(Map<String, String> settings, List<String> jvmOptions, Duration timeout, String... args) {
        return start(settings, jvmOptions, args).await(timeout);
    }

    public BatchCli.Result await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("batch child did not finish in " + timeout + ":\n" + output());
            }
            BatchCli.Result result = new BatchCli.Result(process.exitValue(), output(), "");
            Files.deleteIfExists(output);
            Files.deleteIfExists(output.getParent());
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the child printed so far (stdout and stderr together). */
    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
