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
import java.util.Arrays;
import java.util.HashMap;
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
    private static final Path CREATE_BUCKET = ROOT.resolve("docker/s3/create-bucket.sh");
    private static final Path CREATE_TOPICS = ROOT.resolve("docker/kafka/create-topics.sh");

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
    void batchRunShouldStartTheJobWithTheLaunchersJvmDefaults() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path arguments = temp.resolve("arguments");
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\" > '" + arguments + "'\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        // A blank JAVA_OPTS counts as not set, so the test's own cannot add to either line.
        Map<String, String> environment = Map.of("PATH", bin + ":" + System.getenv("PATH"), "JAVA_OPTS", "",
                "LAMBDA_NO_BUILD", "1");
        // `./lambda batch` run for real, from a copy of the launcher beside a stand-in jar, so that nothing is built.
        Path checkout = Files.createDirectories(temp.resolve("checkout"));
        Files.copy(ROOT.resolve("lambda"), checkout.resolve("lambda"));
        Path jar = Files.createDirectories(checkout.resolve("batch-layer/target")).resolve("batch-layer.jar");
        Files.writeString(jar, "");

        Result launched = run(List.of("bash", checkout.resolve("lambda").toString(), "batch", "run"), environment);
        assertThat(launched.exitCode()).as(launched.output()).isZero();
        List<String> launcher = jvmTuning(Files.readString(arguments));
        run(List.of("bash", BATCH_RUN.toString()), environment);
        List<String> image = jvmTuning(Files.readString(arguments));

        assertThat(launcher).as("./lambda batch's JVM options")
                .contains("-XX:+UseSerialGC", "-XX:Tier4InvocationThreshold=50000");
        assertThat(image).as("batch-run.sh's JVM options against ./lambda batch's")
                .containsExactlyInAnyOrderElementsOf(launcher);
    }

    // The -XX options of a java command line, less the image's heap cap: sizing a container's heap is the image's own.
    private static List<String> jvmTuning(String commandLine) {
        return Arrays.stream(commandLine.strip().split("\\s+"))
                .filter(option -> option.startsWith("-XX:") && !option.startsWith("-XX:MaxRAMPercentage="))
                .toList();
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

    @Test
    void createBucketShouldCreateAMissingBucketOnceThroughTheS3Api() throws Exception {
        Path calls = temp.resolve("aws-calls");
        Map<String, String> environment = awsStandIn(calls);

        Result first = run(List.of("sh", CREATE_BUCKET.toString()), environment);
        Result second = run(List.of("sh", CREATE_BUCKET.toString()), environment);

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("bucket lambda-archive created");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("bucket lambda-archive exists");
        assertThat(Files.readAllLines(calls)).filteredOn(call -> call.contains("create-bucket"))
                .containsExactly("--endpoint-url http://s3:9000 s3api create-bucket --bucket lambda-archive");
        assertThat(Files.readAllLines(calls)).contains("configure set default.s3.addressing_style path");
    }

    @Test
    void createBucketShouldFailWhenTheBucketCannotBeCreated() throws Exception {
        Path calls = temp.resolve("aws-calls");
        Map<String, String> environment = new HashMap<>(awsStandIn(calls));
        environment.put("STAND_IN_CREATE_FAILS", "1");

        assertThat(run(List.of("sh", CREATE_BUCKET.toString()), environment).exitCode()).isNotZero();
    }

    @Test
    void createBucketShouldNameAMissingSetting() throws Exception {
        Map<String, String> environment = new HashMap<>(awsStandIn(temp.resolve("aws-calls")));
        environment.remove("LAMBDA_S3_BUCKET");

        Result result = run(List.of("sh", CREATE_BUCKET.toString()), environment);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("LAMBDA_S3_BUCKET is not set");
    }

    @Test
    void createTopicsShouldDefaultToOneReplicaForTheComposeBroker() throws Exception {
        Path calls = temp.resolve("topics-calls");

        Result result = run(List.of("sh", CREATE_TOPICS.toString()), kafkaTopicsStandIn(calls, Map.of()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(Files.readAllLines(calls)).containsExactly(
                "--bootstrap-server kafka:9092 --create --if-not-exists --topic tweets --partitions 3 --replication-factor 1"
                        + " --config message.timestamp.type=LogAppendTime --config min.insync.replicas=1",
                "--bootstrap-server kafka:9092 --create --if-not-exists --topic tweets.dlq --partitions 1 --replication-factor 1"
                        + " --config min.insync.replicas=1",
                "--bootstrap-server kafka:9092 --describe --topic tweets");
    }

    @Test
    void createTopicsShouldTakeTheProductionReplicationAndClientConfig() throws Exception {
        Path calls = temp.resolve("topics-calls");

        Result result = run(List.of("sh", CREATE_TOPICS.toString()), kafkaTopicsStandIn(calls, Map.of(
                "TOPIC_REPLICATION_FACTOR", "3", "TOPIC_MIN_INSYNC_REPLICAS", "2", "KAFKA_COMMAND_CONFIG", "/etc/kafka/client.properties")));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(Files.readAllLines(calls)).allSatisfy(call -> assertThat(call)
                        .startsWith("--bootstrap-server kafka:9092 --command-config /etc/kafka/client.properties "))
                .filteredOn(call -> call.contains("--create")).hasSize(2)
                .allSatisfy(call -> assertThat(call).contains("--replication-factor 3", "--config min.insync.replicas=2"));
    }

    @Test
    void createTopicsShouldRefuseMoreInSyncReplicasThanReplicas() throws Exception {
        Path calls = temp.resolve("topics-calls");

        Result result = run(List.of("sh", CREATE_TOPICS.toString()), kafkaTopicsStandIn(calls, Map.of(
                "TOPIC_REPLICATION_FACTOR", "1", "TOPIC_MIN_INSYNC_REPLICAS", "2")));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output().strip()).isEqualTo(
                "TOPIC_MIN_INSYNC_REPLICAS (2) must not exceed TOPIC_REPLICATION_FACTOR (1): no write could succeed");
        assertThat(calls).doesNotExist();
    }

    /** The compose environment of kafka-init plus {@code extra}, with a kafka-topics.sh stand-in that logs its calls. */
    private Map<String, String> kafkaTopicsStandIn(Path calls, Map<String, String> extra) throws IOException {
        Path bin = Files.createDirectories(temp.resolve("kafka-bin"));
        Path topics = bin.resolve("kafka-topics.sh");
        Files.writeString(topics, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\n");
        Files.setPosixFilePermissions(topics, PosixFilePermissions.fromString("rwxr-xr-x"));
        ComposeFile compose = ComposeFile.read(ROOT.resolve("docker-compose.yml"));
        Map<String, String> environment = new HashMap<>(compose.service("kafka-init").environment());
        environment.put("KAFKA_TOPICS_COMMAND", topics.toString());
        environment.putAll(extra);
        return environment;
    }

    /** The compose environment of s3-init, with an {@code aws} stand-in that keeps the bucket as a marker file. */
    private Map<String, String> awsStandIn(Path calls) throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path bucket = temp.resolve("bucket-exists");
        Path aws = bin.resolve("aws");
        Files.writeString(aws, "#!/bin/sh\n"
                + "echo \"$*\" >> '" + calls + "'\n"
                + "case \"$*\" in\n"
                + "  *head-bucket*) test -f '" + bucket + "' ;;\n"
                + "  *create-bucket*) test -z \"$STAND_IN_CREATE_FAILS\" && touch '" + bucket + "' ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
        ComposeFile compose = ComposeFile.read(ROOT.resolve("docker-compose.yml"));
        Map<String, String> environment = new HashMap<>(compose.service("s3-init").environment());
        environment.put("PATH", bin + ":" + System.getenv("PATH"));
        return environment;
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
