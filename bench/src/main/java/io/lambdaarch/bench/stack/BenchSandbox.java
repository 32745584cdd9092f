package io.lambdaarch.bench.stack;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import java.util.Map;

/**
 * One figure's own corner of the bench stack: a topic (3 partitions, LogAppendTime) with its DLQ topic and a
 * database with the schema and serving_view, so no figure sees another's data.
 *
 * @param name short name, e.g. {@code landing_2x}
 * @param kafka the topic and how to reach it
 * @param warehouse the database
 * @param environment what a service started for this figure gets: the stack's settings pointed at this topic and database
 */
public record BenchSandbox(String name, KafkaSettings kafka, WarehouseSettings warehouse, Map<String, String> environment) {
    public BenchSandbox {
        requireNonNull(name, "name is null");
        requireNonNull(kafka, "kafka is null");
        requireNonNull(warehouse, "warehouse is null");
        environment = Map.copyOf(environment);
    }

    public String topic() {
        return kafka.topic();
    }

    /** Opens connections to this sandbox's database. */
    public WarehouseConnector connector() {
        return new WarehouseConnector(warehouse);
    }
}
