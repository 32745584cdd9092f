package io.lambdaarch.demo.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.lambdaarch.batch.cli.BatchCommand;
import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.common.config.AwsCredentialSettings;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.config.S3Settings;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.demo.deploy.ComposeFile.Service;
import io.lambdaarch.ingestion.Sleeper;
import io.lambdaarch.ingestion.cli.IngestCommand;
import io.lambdaarch.ingestion.cli.IngestOptions;
import io.lambdaarch.ingestion.config.IngestConfig;
import io.lambdaarch.ingestion.x.XApiClient;
import io.lambdaarch.serving.cli.ServingLayerCommand;
import io.lambdaarch.serving.config.ServingConfig;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * docker-compose.yml cannot be started on a machine without Docker, but it can be checked against the code: every
 * setting a container is given is one its service reads, each service's configuration builds without a problem from
 * exactly what the container gets (compose environment over the image's ENV), commands parse with the services'
 * own command lines, and host names, ports, credentials, topics, the bucket and the ingest bucket agree between the
 * services that must share them. Start-up order is by health and completion, so {@code docker compose up} works
 * in one go.
 */
class DockerComposeFileTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern HOST_PORT = Pattern.compile("([^:/,]+):(\\d+)");
    private static final Pattern SETTING = Pattern.compile("(LAMBDA|AWS)_[A-Z0-9_]+");
    /** Settings read by the image's own scripts rather than a config class, and the script that reads each. */
    private static final Map<String, String> SCRIPT_SETTINGS = Map.of(
            "LAMBDA_BATCH_SCHEDULE", "docker/batch-layer/batch-cron.sh");

    private static ComposeFile compose;

    @BeforeAll
    static void readComposeFile() throws IOException {
        compose = ComposeFile.read(ROOT.resolve("docker-compose.yml"));
    }

    @Test
    void shouldRunEveryLayerAndItsInfrastructure() {
        assertThat(compose.services()).contains("kafka", "kafka-init", "s3", "s3-init", "postgres",
                "spark-master", "spark-worker", "speed-layer", "ingestion", "batch-layer", "serving-layer");
        assertThat(compose.service("ingestion").dockerfile()).contains("docker/ingestion/Dockerfile");
        assertThat(compose.service("batch-layer").dockerfile()).contains("docker/batch-layer/Dockerfile");
        assertThat(compose.service("speed-layer").dockerfile()).contains("docker/speed-layer/Dockerfile");
        assertThat(compose.service("serving-layer").dockerfile()).contains("docker/serving-layer/Dockerfile");
        assertThat(compose.service("kafka").image()).hasValueSatisfying(image -> assertThat(image).startsWith("apache/kafka:"));
        assertThat(compose.service("postgres").image()).contains("postgres:17");
        assertThat(compose.service("spark-master").image()).hasValueSatisfying(image -> assertThat(image).startsWith("apache/spark:"));
    }

    @Test
    void ingestionShouldGetOnlySettingsItReadsAndAValidConfiguration() throws IOException {
        Map<String, String> environment = containerEnvironment("ingestion");
        assertOnlyKnownSettings("ingestion", environment, ServiceSettings.ingestion());

        CommandLine commandLine = IngestCommand.createCommandLine(new IngestCommand.Context(
                () -> ConfigSource.of(environment), Clock.systemUTC(), Sleeper.SYSTEM, XApiClient::defaultHttpClient));
        ParseResult parsed = commandLine.parseArgs(compose.service("ingestion").command().toArray(String[]::new));
        IngestOptions options = (IngestOptions) parsed.commandSpec().mixins().get("options").userObject();
        IngestConfig config = options.toConfig(ConfigSource.of(environment), Instant.now());

        assertThat(config.source().kind().name()).isEqualTo("SYNTHETIC");
        assertThat(config.limits().count()).as("ingestion runs until stopped").isEmpty();
        assertThat(config.limits().duration()).isEmpty();
    }

    @Test
    void batchShouldGetOnlySettingsItReadsAndAValidConfiguration() throws IOException {
        Map<String, String> environment = containerEnvironment("batch-layer");
        assertOnlyKnownSettings("batch-layer", environment, withScriptSettings(ServiceSettings.batch()));

        BatchConfig config = BatchConfig.from(ConfigSource.of(environment));
        // What batch-run.sh runs on every tick.
        CommandLine commandLine = BatchCommand.createCommandLine(() -> ConfigSource.of(environment), Clock.systemUTC());
        assertThat(commandLine.parseArgs("run").subcommand().commandSpec().name()).isEqualTo("run");
        assertThat(Files.readString(ROOT.resolve("docker/batch-layer/batch-run.sh"))).contains("/app/batch-layer.jar run");

        assertThat(config.s3().endpoint()).as("the archive is in the compose S3Proxy").isPresent();
        assertThat(config.s3().pathStyleAccess()).isTrue();
        assertThat(environment.get("LAMBDA_BATCH_SCHEDULE").split(" ")).as("five cron fields").hasSize(5);
    }

    @Test
    void servingShouldGetOnlySettingsItReadsAndListenOnThePublishedPort() throws IOException {
        Map<String, String> environment = containerEnvironment("serving-layer");
        assertOnlyKnownSettings("serving-layer", environment, ServiceSettings.serving());

        ServingConfig config = ServingConfig.from(ConfigSource.of(environment));
        CommandLine commandLine = ServingLayerCommand.createCommandLine(environment, new CountDownLatch(1), Clock.systemUTC());
        List<String> command = compose.service("serving-layer").command();
        assertThat(commandLine.parseArgs(command.toArray(String[]::new)).subcommand().commandSpec().name()).isEqualTo("serve");

        assertThat(config.host()).as("reachable through the published port").isEqualTo("0.0.0.0");
        assertThat(compose.service("serving-layer").ports()).containsValue(Integer.toString(config.port()));
        assertThat(config.kafka()).as("Kafka for the speed lag in records").isPresent();
    }

    @Test
    void speedLayerShouldGetOnlySettingsItReadsAndAValidConfiguration() throws Exception {
        boolean speedSourcesPresent = Files.isDirectory(ROOT.resolve("speed-layer/src/main/java"));
        if (speedSourcesPresent) {
            assertThat(ServiceSettings.speedConfigClass()).as(ServiceSettings.SPEED_CONFIG_CLASS).isPresent();
        }
        assumeThat(ServiceSettings.speedConfigClass()).as("the speed layer's code is not in this build yet").isPresent();
        Map<String, String> environment = containerEnvironment("speed-layer");
        assertOnlyKnownSettings("speed-layer", environment, ServiceSettings.speed().orElseThrow());

        try {
            ServiceSettings.speedConfigClass().orElseThrow().getMethod("from", ConfigSource.class, boolean.class)
                    .invoke(null, ConfigSource.of(environment), false);
        } catch (InvocationTargetException e) {
            throw new AssertionError("speed-layer configuration: " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Test
    void speedLayerShouldBeSubmittedToTheComposeSparkMaster() throws IOException {
        List<String> master = compose.service("spark-master").command();
        String masterHost = master.get(master.indexOf("--host") + 1);
        String masterPort = master.get(master.indexOf("--port") + 1);
        assertThat(masterHost).isEqualTo("spark-master");
        String masterUrl = "spark://" + masterHost + ":" + masterPort;

        assertThat(containerEnvironment("speed-layer")).containsEntry("SPARK_MASTER_URL", masterUrl)
                .containsEntry("SPARK_DRIVER_HOST", "speed-layer");
        assertThat(compose.service("speed-layer").node().path("hostname").asText()).isEqualTo("speed-layer");
        List<String> worker = compose.service("spark-worker").command();
        assertThat(worker).contains("org.apache.spark.deploy.worker.Worker").endsWith(masterUrl);
        assertThat(compose.service("speed-layer").dependsOn()).containsEntry("spark-worker", "service_healthy");
        String submit = Files.readString(ROOT.resolve("docker/speed-layer/submit.sh"));
        assertThat(submit).contains("--master \"${SPARK_MASTER_URL:-" + masterUrl + "}\"", "--deploy-mode client",
                "--class " + DeploymentFiles.speedMainClass());
    }

    @Test
    void speedCheckpointShouldBeOnAVolumeTheDriverAndTheExecutorsShare() {
        String checkpoint = containerEnvironment("speed-layer").get("LAMBDA_SPEED_CHECKPOINT");
        Map<String, String> driverMounts = compose.service("speed-layer").volumes();
        Map<String, String> workerMounts = compose.service("spark-worker").volumes();
        String volume = driverMounts.entrySet().stream()
                .filter(mount -> checkpoint.startsWith(mount.getValue() + "/"))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError(checkpoint + " is on no volume of speed-layer"));

        assertThat(compose.namedVolumes()).contains(volume);
        assertThat(workerMounts).as("executors write the state store under the checkpoint").containsEntry(volume,
                driverMounts.get(volume));
    }

    @Test
    void batchAndSpeedShouldShareTheIngestBucket() {
        String batch = containerEnvironment("batch-layer").get(PipelineSettings.INGEST_BUCKET.name());
        String speed = containerEnvironment("speed-layer").get(PipelineSettings.INGEST_BUCKET.name());

        assertThat(batch).isNotNull().isEqualTo(speed);
    }

    @Test
    void kafkaClientsShouldUseTheBrokersAdvertisedListenerAndOneTopicPair() {
        Service kafka = compose.service("kafka");
        Set<String> advertised = new TreeSet<>();
        for (String listener : kafka.environment().get("KAFKA_ADVERTISED_LISTENERS").split(",")) {
            advertised.add(listener.substring(listener.indexOf("://") + 3));
        }
        Set<String> topics = new LinkedHashSet<>();
        Set<String> dlqTopics = new LinkedHashSet<>();
        int clients = 0;
        for (String name : compose.services()) {
            Map<String, String> environment = containerEnvironment(name);
            String bootstrap = environment.get(KafkaSettings.BOOTSTRAP.name());
            if (bootstrap == null) {
                continue;
            }
            clients++;
            for (String server : bootstrap.split(",")) {
                Matcher matcher = HOST_PORT.matcher(server);
                assertThat(matcher.matches()).as(name + ": " + server).isTrue();
                assertThat(matcher.group(1)).as(name + ": broker host is the kafka service").isEqualTo("kafka");
                assertThat(advertised).as(name + ": " + server + " is an advertised listener").contains(server);
            }
            topics.add(environment.getOrDefault(KafkaSettings.TOPIC.name(), KafkaSettings.TOPIC.defaultValue().orElseThrow()));
            dlqTopics.add(environment.getOrDefault(KafkaSettings.DLQ_TOPIC.name(), KafkaSettings.DLQ_TOPIC.defaultValue().orElseThrow()));
        }

        assertThat(clients).as("kafka-init, ingestion, batch, speed, serving").isEqualTo(5);
        assertThat(topics).hasSize(1);
        assertThat(dlqTopics).hasSize(1);
    }

    @Test
    void topicsShouldBeCreatedWithLogAppendTimeBeforeAnyClientStarts() throws IOException {
        String script = Files.readString(ROOT.resolve("docker/kafka/create-topics.sh"));
        assertThat(compose.service("kafka-init").volumes())
                .containsEntry("./docker/kafka/create-topics.sh", "/init/create-topics.sh");
        assertThat(compose.service("kafka-init").entrypoint()).containsExactly("/bin/sh", "/init/create-topics.sh");
        assertThat(script).contains("--config message.timestamp.type=LogAppendTime", "--if-not-exists",
                "TWEETS_PARTITIONS:-3", "TOPIC_REPLICATION_FACTOR:-1", "TOPIC_MIN_INSYNC_REPLICAS:-1");
        // compose runs one broker: more replicas than brokers and the topic cannot be created
        assertThat(compose.service("kafka-init").environment().getOrDefault("TOPIC_REPLICATION_FACTOR", "1")).isEqualTo("1");
        assertThat(compose.service("kafka").environment()).containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        for (String client : List.of("ingestion", "batch-layer", "speed-layer", "serving-layer")) {
            assertThat(compose.service(client).dependsOn()).as(client)
                    .containsEntry("kafka-init", "service_completed_successfully");
        }
    }

    @Test
    void warehouseUrlsShouldPointAtTheComposePostgresWithItsCredentials() {
        Map<String, String> postgres = compose.service("postgres").environment();
        int clients = 0;
        for (String name : compose.services()) {
            Map<String, String> environment = containerEnvironment(name);
            String url = environment.get(WarehouseSettings.URL.name());
            if (url == null) {
                continue;
            }
            clients++;
            URI uri = URI.create(url.substring("jdbc:".length()));
            assertThat(uri.getScheme()).as(name).isEqualTo("postgresql");
            assertThat(uri.getHost()).as(name).isEqualTo("postgres");
            assertThat(uri.getPort()).as(name).isEqualTo(5432);
            assertThat(uri.getPath()).as(name).isEqualTo("/" + postgres.get("POSTGRES_DB"));
            assertThat(environment).as(name)
                    .containsEntry(WarehouseSettings.USER.name(), postgres.get("POSTGRES_USER"))
                    .containsEntry(WarehouseSettings.PASSWORD.name(), postgres.get("POSTGRES_PASSWORD"));
            assertThat(compose.service(name).dependsOn()).as(name).containsEntry("postgres", "service_healthy");
        }
        assertThat(clients).as("batch, speed, serving").isEqualTo(3);
        assertThat(compose.service("postgres").volumes())
                .containsEntry("./sql/postgres/schema.sql", "/docker-entrypoint-initdb.d/10-schema.sql");
    }

    @Test
    void archiveShouldBeTheS3ProxyBucketTheInitContainerCreates() throws IOException {
        Map<String, String> batch = containerEnvironment("batch-layer");
        Map<String, String> s3 = compose.service("s3").environment();
        URI endpoint = URI.create(batch.get(S3Settings.ENDPOINT.name()));
        URI listening = URI.create(s3.get("S3PROXY_ENDPOINT"));

        assertThat(endpoint.getHost()).isEqualTo("s3");
        assertThat(endpoint.getPort()).as("the port S3Proxy listens on").isEqualTo(listening.getPort());
        assertThat(listening.getHost()).as("reachable from the other containers").isEqualTo("0.0.0.0");
        assertThat(compose.service("s3").healthcheckTest()).last().asString().endsWith("/" + listening.getPort());
        assertThat(s3).containsEntry("JCLOUDS_PROVIDER", "filesystem-nio2");
        assertThat(compose.service("s3").volumes()).as("objects survive a restart")
                .containsEntry("s3-data", s3.get("JCLOUDS_FILESYSTEM_BASEDIR"));
        assertThat(batch).containsEntry(AwsCredentialSettings.ACCESS_KEY_ID.name(), s3.get("S3PROXY_IDENTITY"))
                .containsEntry(AwsCredentialSettings.SECRET_ACCESS_KEY.name(), s3.get("S3PROXY_CREDENTIAL"));
        Map<String, String> init = compose.service("s3-init").environment();
        assertThat(init).containsEntry(S3Settings.BUCKET.name(), batch.get(S3Settings.BUCKET.name()))
                .containsEntry(S3Settings.ENDPOINT.name(), endpoint.toString())
                .containsEntry(AwsCredentialSettings.ACCESS_KEY_ID.name(), s3.get("S3PROXY_IDENTITY"))
                .containsEntry(AwsCredentialSettings.SECRET_ACCESS_KEY.name(), s3.get("S3PROXY_CREDENTIAL"));
        assertThat(compose.service("s3-init").entrypoint()).containsExactly("/bin/sh", "/init/create-bucket.sh");
        assertThat(Files.readString(ROOT.resolve("docker/s3/create-bucket.sh")))
                .contains("create-bucket", "head-bucket", "addressing_style path");
        assertThat(compose.service("batch-layer").dependsOn()).containsEntry("s3-init", "service_completed_successfully");
    }

    @Test
    void kafkaShouldRunTheReleaseTheClientsAndTheEmbeddedBrokerAreBuiltWith() throws IOException {
        String image = "apache/kafka:" + DeploymentFiles.parentProperty("kafka.version");

        assertThat(compose.service("kafka").image()).contains(image);
        assertThat(compose.service("kafka-init").image()).contains(image);
    }

    @Test
    void s3ServerShouldBeTheS3ProxyReleaseTheEmbeddedStackRuns() throws IOException {
        assertThat(compose.service("s3").image())
                .contains("andrewgaul/s3proxy:" + DeploymentFiles.parentProperty("s3proxy.version"));
    }

    @Test
    void initContainersShouldOnlyReadSettingsTheirScriptsUse() throws IOException {
        for (String name : List.of("kafka-init", "s3-init")) {
            Service service = compose.service(name);
            String script = Files.readString(ROOT.resolve(service.volumes().keySet().iterator().next()));
            for (String key : service.environment().keySet()) {
                assertThat(script).as(name + " reads " + key).contains(key);
            }
        }
    }

    @Test
    void dependenciesShouldExistAndWaitForHealthOrCompletion() {
        Set<String> oneShot = new TreeSet<>();
        for (String name : compose.services()) {
            compose.service(name).dependsOn().forEach((dependency, condition) -> {
                assertThat(compose.services()).as(name + " depends on " + dependency).contains(dependency);
                assertThat(condition).as(name + " -> " + dependency)
                        .isIn("service_healthy", "service_completed_successfully");
                if (condition.equals("service_healthy")) {
                    assertThat(compose.service(dependency).hasHealthcheck()).as(dependency + " has a health check").isTrue();
                } else {
                    oneShot.add(dependency);
                }
            });
        }

        assertThat(oneShot).containsExactly("kafka-init", "s3-init");
        for (String name : compose.services()) {
            Service service = compose.service(name);
            if (oneShot.contains(name)) {
                assertThat(service.restart()).as(name + " runs once").isEmpty();
                assertThat(service.hasHealthcheck()).as(name).isFalse();
            } else {
                assertThat(service.hasHealthcheck()).as(name + " is long-running and has a health check").isTrue();
                assertThat(service.restart()).as(name).isPresent();
            }
        }
    }

    @Test
    void volumesShouldBeNamedOrFilesOfThisRepository() {
        Set<String> used = new TreeSet<>();
        for (String name : compose.services()) {
            compose.service(name).volumes().keySet().forEach(source -> {
                if (source.startsWith("./")) {
                    // a file, or a directory of them (Grafana's provisioning)
                    assertThat(ROOT.resolve(source)).as(name + " mounts " + source).exists();
                } else {
                    used.add(source);
                }
            });
        }

        assertThat(used).containsExactlyInAnyOrderElementsOf(compose.namedVolumes());
    }

    @Test
    void thirdPartyImagesShouldBePinned() {
        for (String name : compose.services()) {
            Service service = compose.service(name);
            if (service.dockerfile().isPresent()) {
                continue;
            }
            String image = service.image().orElseThrow();
            assertThat(image).as(name).contains(":").doesNotEndWith(":latest");
        }
    }

    @Test
    void sparkClusterShouldRunTheSparkVersionTheSpeedJarIsBuiltFor() throws IOException {
        String image = Dockerfile.read(ROOT.resolve("docker/speed-layer/Dockerfile")).finalBaseImage();
        String expected = "apache/spark:" + DeploymentFiles.parentProperty("spark.version") + "-scala"
                + DeploymentFiles.parentProperty("scala.binary.version") + "-java"
                + DeploymentFiles.parentProperty("maven.compiler.release") + "-ubuntu";

        assertThat(image).isEqualTo(expected);
        assertThat(compose.service("spark-master").image()).contains(image);
        assertThat(compose.service("spark-worker").image()).contains(image);
    }

    @Test
    void composeShouldSetEveryRequiredSettingOfTheSharedRecords() {
        // Shared records read through each service above; this names what a reader of the compose file must find.
        Map<String, List<String>> required = Map.of(
                "ingestion", List.of(KafkaSettings.BOOTSTRAP.name()),
                "batch-layer", List.of(KafkaSettings.BOOTSTRAP.name(), S3Settings.BUCKET.name(), WarehouseSettings.URL.name()),
                "speed-layer", List.of(KafkaSettings.BOOTSTRAP.name(), WarehouseSettings.URL.name()),
                "serving-layer", List.of(WarehouseSettings.URL.name()));
        required.forEach((name, keys) -> assertThat(containerEnvironment(name)).as(name).containsKeys(keys.toArray(String[]::new)));
    }

    /** What the container's process sees: the image's ENV, overridden by the compose environment. */
    private static Map<String, String> containerEnvironment(String name) {
        Service service = compose.service(name);
        Map<String, String> environment = new HashMap<>();
        service.dockerfile().ifPresent(dockerfile -> {
            try {
                environment.putAll(Dockerfile.read(ROOT.resolve(dockerfile)).environment());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        environment.putAll(service.environment());
        return environment;
    }

    private static void assertOnlyKnownSettings(String name, Map<String, String> environment, Set<String> known) {
        List<String> unknown = new ArrayList<>();
        for (String key : environment.keySet()) {
            if (SETTING.matcher(key).matches() && !known.contains(key)) {
                unknown.add(key);
            }
        }
        assertThat(unknown).as(name + ": settings no code of this service reads").isEmpty();
    }

    private static Set<String> withScriptSettings(Set<String> settings) throws IOException {
        Set<String> all = new TreeSet<>(settings);
        for (Map.Entry<String, String> entry : SCRIPT_SETTINGS.entrySet()) {
            assertThat(Files.readString(ROOT.resolve(entry.getValue()))).as(entry.getValue()).contains(entry.getKey());
            all.add(entry.getKey());
        }
        return all;
    }
}
