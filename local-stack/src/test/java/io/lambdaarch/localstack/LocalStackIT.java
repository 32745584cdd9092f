package io.lambdaarch.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

@ExtendWith(LocalStackExtension.class)
class LocalStackIT {
    private static StackSandbox sandbox;

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("local_stack_it");
    }

    @Test
    void shouldProduceAndConsumeWithBrokerAssignedIngestTimes() {
        String bootstrap = sandbox.stack().kafka().bootstrapServers();
        long before = System.currentTimeMillis();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 30; i++) {
                // A client timestamp far in the past: LogAppendTime must replace it with the broker's clock.
                producer.send(new ProducerRecord<>(sandbox.topic(), null, 1_000L, "key-" + i, "value-" + i));
            }
            producer.flush();
        }

        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "local-stack-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(sandbox.topic()));
            long deadline = System.currentTimeMillis() + 30_000;
            while (records.size() < 30 && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            Set<TopicPartition> partitions = new HashSet<>();
            records.forEach(r -> partitions.add(new TopicPartition(r.topic(), r.partition())));
            assertThat(partitions).hasSizeGreaterThan(1);
        }

        assertThat(records).hasSize(30);
        assertThat(records).extracting(ConsumerRecord::value).contains("value-0", "value-29");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(r.timestamp()).isGreaterThanOrEqualTo(before);
        });
    }

    @Test
    void shouldPutGetAndListObjectsThroughTheS3Api() {
        try (S3Client s3 = sandbox.stack().s3().client()) {
            for (int i = 0; i < 1_005; i++) {
                String key = String.format("list/part-%04d.txt", i);
                s3.putObject(b -> b.bucket(sandbox.bucket()).key(key), RequestBody.fromString("object " + i));
            }
            String body = s3.getObjectAsBytes(b -> b.bucket(sandbox.bucket()).key("list/part-0042.txt")).asString(StandardCharsets.UTF_8);
            assertThat(body).isEqualTo("object 42");

            // More than one page of 1,000 keys: the paginator must follow continuation tokens.
            List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket(sandbox.bucket()).prefix("list/")).contents()
                    .stream().map(S3Object::key).toList();
            assertThat(keys).hasSize(1_005).startsWith("list/part-0000.txt").endsWith("list/part-1004.txt");
        }
    }

    @Test
    void shouldRunSqlOnTheWarehouseWithTheSchemaInstalled() throws Exception {
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement()) {
            Set<String> tables = new HashSet<>();
            try (ResultSet rs = connection.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains(Tables.RAW_BATCH, Tables.BATCH_VIEW, Tables.BATCH_VIEW_DAY, Tables.SPEED_VIEW,
                    "landing_offsets", "landing_runs", "batch_runs", "speed_commits");

            statement.execute("INSERT INTO batch_view VALUES (TIMESTAMP '2026-11-26 09:00:00', 'Berlin', 3, 30, 4, 1)");
            try (ResultSet rs = statement.executeQuery("SELECT SUM(tweet_count), current_setting('TimeZone') FROM batch_view")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(3);
                assertThat(rs.getString(2)).isEqualTo("UTC");
            }
        }
    }

    @Test
    void shouldKeepRecordsObjectsAndRowsAcrossARestart(@TempDir Path dataDir) throws Exception {
        LocalStackConfig config = LocalStackConfig.ephemeral(dataDir);
        try (LocalStack first = LocalStack.start(config, false)) {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, first.kafka().bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(LocalStackConfig.TOPIC, "k", "kept")).get();
            }
            try (S3Client s3 = first.s3().client()) {
                s3.putObject(b -> b.bucket(LocalStackConfig.BUCKET).key("raw/kept.txt"), RequestBody.fromString("kept"));
            }
            try (Connection connection = first.warehouse().connect(LocalStackConfig.DATABASE);
                    Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO batch_view VALUES (TIMESTAMP '2026-11-26 09:00:00', 'kept', 1, 0, 0, 0)");
            }
        }

        try (LocalStack second = LocalStack.start(config, false)) {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, second.kafka().bootstrapServers()),
                    new StringDeserializer(), new StringDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(LocalStackConfig.TOPIC).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                long total = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
                assertThat(total).isEqualTo(1);
            }
            try (S3Client s3 = second.s3().client()) {
                assertThat(s3.getObjectAsBytes(b -> b.bucket(LocalStackConfig.BUCKET).key("raw/kept.txt")).asUtf8String())
                        .isEqualTo("kept");
            }
            try (Connection connection = second.warehouse().connect(LocalStackConfig.DATABASE);
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT location FROM batch_view")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("kept");
            }

            assertThatThrownBy(() -> LocalStack.start(config, false))
                    .isInstanceOf(TerseException.class)
                    .hasMessageContaining("Another local stack is already running on data directory");
        }
    }

    @Test
    void shouldStopAndStartTheBrokerAndTheWarehouseAgainKeepingTheirData() throws Exception {
        LocalStack stack = sandbox.stack();
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO speed_view VALUES (TIMESTAMP '2026-11-26 09:00:00', TIMESTAMP '2026-11-26 09:00:00',"
                    + " 'restart', 7, 0, 0, 0)");
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(sandbox.dlqTopic(), "k", "before restart")).get();
        }

        try {
            stack.warehouse().stop();
            stack.kafka().stop();
            assertThatThrownBy(sandbox::connect).isInstanceOf(java.sql.SQLException.class);
            assertThat(stack.kafka().isRunning()).isFalse();
        } finally {
            stack.kafka().startAgain();
            stack.warehouse().startAgain();
        }

        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT tweet_count FROM speed_view WHERE location = 'restart'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(7);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(sandbox.dlqTopic()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            assertThat(consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
        }
    }

    @Test
    void shouldNameTheSettingWhenAPortIsTaken(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(LocalStackConfig.DEFAULT_HOST))) {
            LocalStackConfig config = new LocalStackConfig(dataDir, LocalStackConfig.DEFAULT_HOST, 0, 0, taken.getLocalPort(), 0, false);
            assertThatThrownBy(() -> LocalStack.start(config, false))
                    .isInstanceOf(TerseException.class)
                    .hasMessageContaining("Port " + taken.getLocalPort())
                    .hasMessageContaining(LocalStackConfig.S3_PORT.name());
        }
    }
}
