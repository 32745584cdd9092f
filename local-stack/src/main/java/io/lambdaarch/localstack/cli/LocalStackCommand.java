package io.lambdaarch.localstack.cli;

import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.Setting;
import io.lambdaarch.common.config.SettingOverrides;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.LocalStackConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs Kafka, S3 and PostgreSQL in this JVM until interrupted, and writes their settings to stack.env.
 *
 * <p>Usage: {@code java -jar local-stack/target/local-stack.jar [--data-dir DIR] [--env-file FILE]}, usually
 * through {@code ./lambda stack}.
 */
@Command(name = "stack", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the embedded Kafka (KRaft), S3 (S3Proxy) and PostgreSQL in the foreground until Ctrl-C."
                + " Data is kept under --data-dir between runs.")
public final class LocalStackCommand implements Callable<Integer> {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where Kafka logs, S3 objects and PostgreSQL data live (overrides ${bundle:LAMBDA_STACK_DATA_DIR}).")
    private Path dataDir;

    @Option(names = "--env-file", paramLabel = "FILE", defaultValue = ".lambda/stack.env",
            description = "Where to write the connection settings (default: ${DEFAULT-VALUE}).")
    private Path envFile;

    @Option(names = "--reset", description = "Delete all data under the data directory before starting.")
    private boolean reset;

    @Option(names = CommandLines.DEBUG_OPTION, description = "Print stack traces of failures.")
    private boolean debug;

    private final Map<String, String> environment;
    private final CountDownLatch stopSignal;

    LocalStackCommand(Map<String, String> environment, CountDownLatch stopSignal) {
        this.environment = environment;
        this.stopSignal = stopSignal;
    }

    public static void main(String[] args) {
        System.exit(createCommandLine(System.getenv(), new CountDownLatch(1)).execute(args));
    }

    /** Builds the command; {@code stopSignal} ends the foreground wait (Ctrl-C counts it down through a shutdown hook). */
    public static CommandLine createCommandLine(Map<String, String> environment, CountDownLatch stopSignal) {
        return CommandLines.describeSettings(CommandLines.configure(new CommandLine(new LocalStackCommand(environment, stopSignal))),
                Setting.declaredIn(LocalStackConfig.class));
    }

    @Override
    public Integer call() throws Exception {
        LocalStackConfig config = LocalStackConfig.from(ConfigSource.of(environment),
                SettingOverrides.none().with(LocalStackConfig.DATA_DIR, dataDir, "option --data-dir"));
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        LocalStack stack = LocalStack.start(config, reset);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopSignal.countDown();
            awaitQuietly(stopped);
        }, "local-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            StackEnvFile.write(envFile, stack);
            out.printf("Local stack ready in %.1f s (data in %s)%n", (System.nanoTime() - started) / 1e9, config.dataDir().toAbsolutePath());
            out.printf("  Kafka       %s  topics %s, %s%n", stack.kafka().bootstrapServers(), LocalStackConfig.TOPIC, LocalStackConfig.DLQ_TOPIC);
            out.printf("  S3          %s  bucket %s%n", stack.s3().endpoint(), LocalStackConfig.BUCKET);
            out.printf("  PostgreSQL  %s%n", stack.warehouseSettings().jdbcUrl());
            out.printf("Settings written to %s. Press Ctrl-C to stop.%n", envFile);
            out.flush();
            stopSignal.await();
            out.println("Stopping the local stack...");
            out.flush();
        } finally {
            deleteQuietly(envFile);
            stack.close();
            stopped.countDown();
        }
        return CommandLines.OK;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale file is harmless: the next start overwrites it
        }
    }
}
