package io.lambdaarch.ingestion.config;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.Service;
import io.lambdaarch.common.config.Setting;
import io.lambdaarch.common.config.SettingType;
import java.time.Duration;

/**
 * How the ingestion service talks to Kafka.
 *
 * @param compression the producer's compression codec
 * @param deliveryTimeout how long a record may take to be acknowledged, retries included; a broker restart must
 *     fit inside it, and a record that exceeds it stops the run with an error
 * @param connectTimeout how long to wait for the broker at start-up before giving up with one line
 * @param maxRecordBytes the largest record sent; longer ones go to the DLQ cut to this size
 */
public record ProducerSettings(Compression compression, Duration deliveryTimeout, Duration connectTimeout, int maxRecordBytes) {
    public static final Setting<Compression> COMPRESSION = Setting.define("LAMBDA_INGEST_COMPRESSION",
                    SettingType.enumeration(Compression.class, Compression::externalName), Service.INGEST)
            .defaultValue(Compression.LZ4)
            .doc("producer compression");
    public static final Setting<Duration> DELIVERY_TIMEOUT = Setting.define("LAMBDA_INGEST_DELIVERY_TIMEOUT",
                    SettingType.duration(Duration.ofSeconds(5)), Service.INGEST)
            .defaultValue(Duration.ofMinutes(2))
            .doc("how long Kafka may take to acknowledge a record, retries included (a broker restart must fit);"
                    + " past it the run stops with an error");
    public static final Setting<Duration> CONNECT_TIMEOUT = Setting.define("LAMBDA_INGEST_CONNECT_TIMEOUT",
                    SettingType.duration(Duration.ofSeconds(1)), Service.INGEST)
            .defaultValue(Duration.ofSeconds(30))
            .doc("how long to wait for the broker and the topics at start-up");
    public static final Setting<Integer> MAX_RECORD_BYTES = Setting.define("LAMBDA_INGEST_MAX_RECORD_BYTES",
                    SettingType.integer(1024, 16 * 1024 * 1024), Service.INGEST)
            .defaultValue(512 * 1024)
            .doc("largest record sent; longer ones go to the DLQ cut to this size");

    public ProducerSettings {
        requireNonNull(compression, "compression is null");
        DELIVERY_TIMEOUT.requireValid(deliveryTimeout);
        CONNECT_TIMEOUT.requireValid(connectTimeout);
        MAX_RECORD_BYTES.requireValid(maxRecordBytes);
    }
}
