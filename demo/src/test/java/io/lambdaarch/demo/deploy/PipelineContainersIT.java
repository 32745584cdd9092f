package io.lambdaarch.demo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaarch.batch.cli.BatchCommand;
import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.common.config.AwsCredentialSettings;
import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.config.S3Settings;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import io.lambdaarch.demo.status.ServingApiClient;
import io.lambdaarch.demo.verify.Measures;
import io.lambdaarch.demo.verify.ServingViewReader;
import io.lambdaarch.demo.verify.ViewKey;
import io.lambdaarch.demo.verify.ViewSnapshot;
import io.lambdaarch.ingestion.Sleeper;
import io.lambdaarch.ingestion.cli.IngestCommand;
import io.lambdaarch.ingestion.synthetic.SyntheticGenerator;
import io.lambdaarch.ingestion.synthetic.SyntheticWorkload;
import io.lambdaarch.ingestion.x.XApiClient;
import io.lambdaarch.serving.ServingApplication;
import io.lambdaarch.serving.config.ServingConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A slice of the pipeline on the same images docker-compose.yml runs (Kafka, S3Proxy, PostgreSQL containers, their
 * names read from the compose file, so the two cannot drift apart): the ingestion command sends a synthetic workload,
 * the batch job lands it in S3Proxy, COPYs it into PostgreSQL and
 * recomputes, and serving_view and the serving API then equal the truth recomputed from the workload alone.
 * Skipped, in well under a second, where no Docker engine answers (as on the development machines); GitHub Actions
 * runs it.
 */
@Testcontainers(disabledWithoutDocker = true)
class PipelineContainersIT {
    private static final String TOPIC = "tweets";
    private static final String DLQ_TOPIC = "tweets.dlq";
    private static final String BUCKET = "lambda-archive";
    private static final long EVENTS = 3_000;

    private static final ComposeFile.Service S3_SERVICE = ComposeImages.service("s3");
    private static final int S3_PORT = URI.create(S3_SERVICE.environment().get("S3PROXY_ENDPOINT")).getPort();

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer(ComposeImages.image("kafka"));
    @Container
    private static final GenericContainer<?> S3 = new GenericContainer<>(DockerImageName.parse(ComposeImages.image("s3")))
            .withEnv(S3_SERVICE.environment())
            .withExposedPorts(S3_PORT)
            .waitingFor(Wait.forListeningPort());
    @Container
    private static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer(ComposeImages.image("postgres"));

    private static Map<String, String> settings;

    @BeforeAll
    static void createTopicsAndBucket() throws Exception {
        settings = new HashMap<>();
        settings.put(KafkaSettings.BOOTSTRAP.name(), KAFKA.getBootstrapServers());
        settings.put(KafkaSettings.TOPIC.name(), TOPIC);
        settings.put(KafkaSettings.DLQ_TOPIC.name(), DLQ_TOPIC);
        String s3Endpoint = "http://" + S3.getHost() + ":" + S3.getMappedPort(S3_PORT);
        String accessKey = S3_SERVICE.environment().get("S3PROXY_IDENTITY");
        String secretKey = S3_SERVICE.environment().get("S3PROXY_CREDENTIAL");
        settings.put(S3Settings.ENDPOINT.name(), s3Endpoint);
        settings.put(S3Settings.BUCKET.name(), BUCKET);
        settings.put(AwsCredentialSettings.ACCESS_KEY_ID.name(), accessKey);
        settings.put(AwsCredentialSettings.SECRET_ACCESS_KEY.name(), secretKey);
        settings.put(WarehouseSettings.URL.name(), POSTGRES.getJdbcUrl());
        settings.put(WarehouseSettings.USER.name(), POSTGRES.getUsername());
        settings.put(WarehouseSettings.PASSWORD.name(), POSTGRES.getPassword());
        // One-second buckets and no clock margin: the cutoff of one run covers everything ingested a second before it.
        settings.put(PipelineSettings.INGEST_BUCKET.name(), "1s");
        settings.put(BatchConfig.CLOCK_MARGIN.name(), "0s");
        settings.put(BatchConfig.FILE_MAX_RECORDS.name(), "1000");

        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers());
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(
                    new NewTopic(TOPIC, 3, (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime")),
                    new NewTopic(DLQ_TOPIC, 1, (short) 1))).all().get();
        }
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(s3Endpoint))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            s3.createBucket(b -> b.bucket(BUCKET));
        }
    }

    @Test
    void batchViewAndServingApiShouldEqualTheWorkloadsTruth() throws Exception {
        SyntheticWorkload workload = new SyntheticWorkload(20261126L, Instant.now().truncatedTo(ChronoUnit.SECONDS), 0,
                0.1, Duration.ofDays(2), 0.02, 0.01);
        List<String> ingest = new ArrayList<>(List.of("--source", "synthetic", "--count", Long.toString(EVENTS)));
        ingest.addAll(workload.toArguments());
        assertThat(execute(IngestCommand.createCommandLine(new IngestCommand.Context(this::source, Clock.systemUTC(),
                Sleeper.SYSTEM, XApiClient::defaultHttpClient)), ingest)).isZero();
        Map<ViewKey, Measures> truth = new HashMap<>();
        new SyntheticGenerator(workload).events(EVENTS).forEach(event -> ViewSnapshot.accumulate(truth, event));

        // Past the one-second bucket of the last record's ingest time, so the recompute's cutoff covers them all.
        Thread.sleep(2_000);
        assertThat(execute(BatchCommand.createCommandLine(this::source, Clock.systemUTC()), List.of("run"))).isZero();

        Map<String, String> serving = new HashMap<>(settings);
        serving.put(ServingConfig.PORT.name(), "0");
        try (ServingApplication application = ServingApplication.start(ServingConfig.from(ConfigSource.of(serving)),
                Clock.systemUTC())) {
            ViewSnapshot view = new ServingViewReader(new WarehouseConnector(
                    WarehouseSettings.from(new ConfigReader(source())))).read();
            ViewSnapshot expected = new ViewSnapshot(truth);
            assertThat(view.groups()).hasSameSizeAs(expected.groups());
            assertThat(expected.differingGroups(view)).isZero();

            JsonNode totals = new ServingApiClient(application.baseUri()).totals();
            assertThat(totals.path("totals").path("tweet_count").bigIntegerValue()).isEqualTo(expected.total().tweetCount());
            assertThat(totals.path("totals").path("followers_sum").bigIntegerValue()).isEqualTo(expected.total().followersSum());
            assertThat(totals.path("freshness").path("batch_cutoff").isTextual()).isTrue();
        }
    }

    private ConfigSource source() {
        return ConfigSource.of(settings);
    }

    private static int execute(CommandLine commandLine, List<String> arguments) {
        StringWriter output = new StringWriter();
        commandLine.setOut(new PrintWriter(output, true));
        commandLine.setErr(new PrintWriter(output, true));
        int exitCode = commandLine.execute(arguments.toArray(String[]::new));
        if (exitCode != 0) {
            System.err.println(output);
        }
        return exitCode;
    }
}
