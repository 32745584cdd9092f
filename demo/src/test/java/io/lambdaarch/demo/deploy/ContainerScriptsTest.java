package io.lambdaarch.demo.deploy;

import static io.lambdaarch.demo.deploy.DockerComposeFileTest.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shell scripts the images run, executed here with bash (the images' java replaced by a stand-in). */
class ContainerScriptsTest {
    private static final Path BATCH_RUN = ROOT.resolve("docker/batch-layer/batch-run.sh");
    private static final Path BATCH_CRON = ROOT.resolve("docker/batch-layer/batch-cron.sh");
    private static final Path KAFKA_CONNECTED = ROOT.resolve("docker/common/kafka-connected.sh");

    @TempDir
    Path temp;

    @ParameterizedTest(name = "exit {0}")
    @CsvSource({
        "0, 0, succeeded (exit 0)",
        "3, 0, skipped: another run holds the batch lock (exit 3, not an error)",
        "4, 4, the batch lock is STALE, held past LAMBDA_BATCH_LOCK_STALE_AFTER",
        "1, 1, FAILED (exit 1)",
        "2, 2, FAILED (exit 2)"})
    void batchRunShouldLogTheOutcomeAndTreatTheLockAsNoError(int jobExit, int scriptExit, String logged) throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path arguments = temp.resolve("arguments");
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\" > '" + arguments + "'\nexit " + jobExit + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        Result result = run(List.of("bash", BATCH_RUN.toString()),
                Map.of("PATH", bin + ":" + System.getenv("PATH")));

        assertThat(result.exitCode()).isEqualTo(scriptExit);
        assertThat(result.output()).contains("batch-run: run started at ").contains(logged);
        assertThat(Files.readString(arguments).strip()).endsWith("-jar /app/batch-layer.jar run");
    }

    @Test
    void batchCronShouldScheduleBatchRunWithTheConfiguredCronLine() throws Exception {
        Result result = run(List.of("bash", BATCH_CRON.toString(), "--print-crontab"),
                Map.of("LAMBDA_BATCH_SCHEDULE", "*/2 * * * *", "TMPDIR", temp.toString()));

        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).contains("*/2 * * * * " + BATCH_RUN.getParent() + "/batch-run.sh");
    }

    @Test
    void batchCronShouldDefaultToEveryFiveMinutes() throws Exception {
        Result result = run(List.of("bash", BATCH_CRON.toString(), "--print-crontab"), Map.of("TMPDIR", temp.toString()));

        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).contains("*/5 * * * * " + BATCH_RUN.getParent() + "/batch-run.sh");
    }

    @Test
    void batchCronShouldRejectAScheduleWithoutFiveFields() throws Exception {
        Result result = run(List.of("bash", BATCH_CRON.toString(), "--print-crontab"),
                Map.of("LAMBDA_BATCH_SCHEDULE", "*/5 * *", "TMPDIR", temp.toString()));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("LAMBDA_BATCH_SCHEDULE must have five cron fields");
    }

    @Test
    void kafkaConnectedShouldBeHealthyOnlyWhileABrokerConnectionIsOpen() throws Exception {
        try (ServerSocket broker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> settings = Map.of("LAMBDA_KAFKA_BOOTSTRAP", "kafka:" + broker.getLocalPort());

            assertThat(run(List.of("bash", KAFKA_CONNECTED.toString()), settings).exitCode()).isEqualTo(1);
            try (Socket client = new Socket(broker.getInetAddress(), broker.getLocalPort());
                    Socket accepted = broker.accept()) {
                assertThat(accepted.isConnected()).isTrue();
                assertThat(run(List.of("bash", KAFKA_CONNECTED.toString()), settings).exitCode()).isZero();
            }
        }
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("LAMBDA_BATCH_SCHEDULE");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
