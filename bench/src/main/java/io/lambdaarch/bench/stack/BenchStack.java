package io.lambdaarch.bench.stack;

import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.common.kafka.KafkaClientSpec;
import io.lambdaarch.common.warehouse.SchemaInstaller;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import io.lambdaarch.demo.process.ServiceLauncher;
import io.lambdaarch.demo.run.StackHandle;
import io.lambdaarch.serving.sql.ServingSchema;
import io.lambdaarch.serving.sql.ServingViewSql;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The embedded stack the bench runs on: a fresh {@code ./lambda stack} child on free ports with its data under the
 * bench's work directory (wiped at start), so a run never touches the user's own stack or data. Figures take a
 * {@link BenchSandbox} each.
 */
public final class BenchStack implements AutoCloseable {
    private static final int PARTITIONS = 3;
    private static final String SCHEMA = "public";

    private final StackHandle handle;
    private final Map<String, String> childEnvironment;
    private final Admin admin;

    private BenchStack(StackHandle handle, Map<String, String> childEnvironment, Admin admin) {
        this.handle = handle;
        this.childEnvironment = Map.copyOf(childEnvironment);
        this.admin = admin;
    }

    /**
     * Starts the stack with {@code launcher}, data under {@code dataDir}, settings written to {@code envFile}.
     * {@code inherited} is the environment every child of the bench starts from (see {@link ChildEnvironment}).
     */
    public static BenchStack start(ServiceLauncher launcher, Path dataDir, Path envFile, Map<String, String> inherited)
            throws InterruptedException {
        Map<String, String> stackEnvironment = new HashMap<>(inherited);
        for (String port : List.of("LAMBDA_STACK_KAFKA_PORT", "LAMBDA_STACK_KAFKA_CONTROLLER_PORT", "LAMBDA_STACK_S3_PORT",
                "LAMBDA_STACK_POSTGRES_PORT")) {
            stackEnvironment.put(port, "0");
        }
        StackHandle handle = StackHandle.start(launcher, envFile,
                List.of("--reset", "--data-dir", dataDir.toAbsolutePath().toString()), stackEnvironment);
        try {
            Map<String, String> child = new HashMap<>(inherited);
            child.putAll(handle.settings());
            child.put(ConfigSource.STACK_ENV.name(), envFile.toAbsolutePath().toString());
            Admin admin = KafkaClientFactory.forLocalBroker(handle.settings().get(KafkaSettings.BOOTSTRAP.name()))
                    .admin(KafkaClientSpec.named("lambda-bench-admin")
                            .withRequired(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000)));
            return new BenchStack(handle, child, admin);
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return handle.settings().get(KafkaSettings.BOOTSTRAP.name());
    }

    /**
     * Creates topic {@code bench_<name>} (and its DLQ topic) and database {@code bench_<name>} with the schema and
     * serving_view, and returns the settings that point a service at them.
     */
    public BenchSandbox sandbox(String name) {
        checkName(name);
        String topic = "bench_" + name;
        String dlq = topic + ".dlq";
        createTopic(topic);
        createTopic(dlq);
        return sandboxWith(new KafkaSettings(bootstrapServers(), topic, dlq, Map.of()), name);
    }

    /** A new database {@code bench_<name>} (schema and serving_view installed) for the topic of {@code topicOf}. */
    public BenchSandbox databaseFor(BenchSandbox topicOf, String name) {
        checkName(name);
        return sandboxWith(topicOf.kafka(), name);
    }

    private BenchSandbox sandboxWith(KafkaSettings kafka, String name) {
        String database = "bench_" + name;
        WarehouseSettings server = WarehouseSettings.from(new ConfigReader(ConfigSource.of(handle.settings())));
        WarehouseSettings warehouse = new WarehouseSettings(jdbcUrlFor(server.jdbcUrl(), database), server.user(),
                server.password(), server.kind());
        createDatabase(new WarehouseConnector(server), new WarehouseConnector(warehouse), database);

        Map<String, String> environment = new HashMap<>(childEnvironment);
        environment.put(KafkaSettings.TOPIC.name(), kafka.topic());
        environment.put(KafkaSettings.DLQ_TOPIC.name(), kafka.dlqTopic());
        environment.put(WarehouseSettings.URL.name(), warehouse.jdbcUrl());
        return new BenchSandbox(name, kafka, warehouse, environment);
    }

    private static void checkName(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("Sandbox names are lower-case letters, digits and underscores: " + name);
        }
    }

    /** Creates a topic laid out as the event topic: 3 partitions, LogAppendTime. */
    public void createTopic(String topic) {
        NewTopic newTopic = new NewTopic(topic, PARTITIONS, (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime"));
        try {
            admin.createTopics(List.of(newTopic)).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private static void createDatabase(WarehouseConnector server, WarehouseConnector database, String name) {
        try (Connection connection = server.open(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + ": " + e.getMessage(), e);
        }
        try (Connection connection = database.open()) {
            new SchemaInstaller(database.warehouse()).install(connection);
            new ServingSchema(ServingViewSql.of(database.warehouse(), SCHEMA)).ensure(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot install the schema in database " + name + ": " + e.getMessage(), e);
        }
    }

    /** The same server URL with another database: {@code jdbc:postgresql://h:p/lambda} -> {@code .../name}. */
    // Visible for testing
    static String jdbcUrlFor(String jdbcUrl, String database) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String rest = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return "jdbc:" + uri.getScheme() + "://" + uri.getRawAuthority() + "/" + database + rest;
    }

    @Override
    public void close() throws InterruptedException {
        admin.close();
        handle.close();
    }
}
