package io.lambdaarch.demo.deploy;

import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.batch.metrics.BatchMetricsSettings;
import io.lambdaarch.common.config.AwsCredentialSettings;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.config.S3Settings;
import io.lambdaarch.common.config.Setting;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.metrics.MetricsEndpointSettings;
import io.lambdaarch.ingestion.config.IngestConfig;
import io.lambdaarch.ingestion.config.ProducerSettings;
import io.lambdaarch.ingestion.config.SourceSettings;
import io.lambdaarch.serving.config.ServingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which settings each image reads, collected from the code rather than written down: the {@code Setting}
 * declarations of the config classes each service builds its configuration from.
 */
final class ServiceSettings {
    /** The speed layer's config record, looked up by name: Spark stays off this classpath, the record needs none. */
    static final String SPEED_CONFIG_CLASS = "io.lambdaarch.speed.config.SpeedLayerConfig";

    // Every service resolves its settings through ConfigSource (LAMBDA_CONFIG_FILE, LAMBDA_STACK_ENV).
    private static final List<Class<?>> EVERY_SERVICE = List.of(ConfigSource.class);

    private ServiceSettings() {
    }

    static Set<String> ingestion() {
        return constants(List.of(KafkaSettings.class, IngestConfig.class, ProducerSettings.class,
                SourceSettings.XStream.class, MetricsEndpointSettings.class));
    }

    static Set<String> batch() {
        return constants(List.of(KafkaSettings.class, S3Settings.class, AwsCredentialSettings.class, WarehouseSettings.class,
                PipelineSettings.class, BatchConfig.class, BatchMetricsSettings.class));
    }

    static Set<String> serving() {
        return constants(List.of(WarehouseSettings.class, KafkaSettings.class, ServingConfig.class));
    }

    /** Empty until the speed layer's code is on the classpath (it is built in the same reactor once merged). */
    static Optional<Set<String>> speed() {
        return speedConfigClass().map(speedConfig -> constants(List.of(KafkaSettings.class, WarehouseSettings.class,
                PipelineSettings.class, MetricsEndpointSettings.class, AwsCredentialSettings.class, speedConfig)));
    }

    static Optional<Class<?>> speedConfigClass() {
        try {
            return Optional.of(Class.forName(SPEED_CONFIG_CLASS));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The names of the settings declared in {@code classes}, plus those every service reads. */
    static Set<String> constants(List<Class<?>> classes) {
        List<Class<?>> all = new ArrayList<>(EVERY_SERVICE);
        all.addAll(classes);
        Set<String> names = new TreeSet<>();
        Setting.declaredIn(all.toArray(Class<?>[]::new)).forEach(setting -> names.add(setting.name()));
        return names;
    }
}
