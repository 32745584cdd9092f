package io.lambdaarch.demo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.config.KafkaSecurity;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every jar that talks to Kafka carries Amazon MSK's IAM authentication: in a class loader holding only that jar (and,
 * for the speed job, the Spark classpath spark-submit gives it), a Kafka producer built with the settings of
 * {@code LAMBDA_KAFKA_SECURITY=msk-iam} logs in through MSK's login module and loads its callback handler, both from
 * the jar. An integration test because it reads the jars the package phase built.
 */
class MskIamAuthJarsIT {
    private static final Path ROOT = Path.of("..");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ingestion", "batch-layer", "speed-layer", "serving-layer"})
    void shadedJarShouldAuthenticateWithMskIam(String module) throws Exception {
        Path jar = ROOT.resolve(module).resolve("target").resolve(module + ".jar");
        assertThat(jar).as("built by the package phase").isRegularFile();
        List<URL> classpath = new ArrayList<>(List.of(jar.toUri().toURL()));
        if (module.equals("speed-layer")) {
            classpath.addAll(sparkClasspath(ROOT.resolve("speed-layer/target/spark-classpath.txt")));
        }
        Map<String, Object> config = new HashMap<>(KafkaSecurity.mskIam(Optional.empty(), Optional.empty()).clientProperties());
        config.put("bootstrap.servers", "127.0.0.1:9");
        config.put("key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        config.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
        config.put("max.block.ms", "1");

        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(classpath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            // Kafka and JAAS load the login module and the callback handler through the context class loader.
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> handler = loader.loadClass(KafkaSecurity.MSK_IAM_CALLBACK_HANDLER);
            assertThat(loader.loadClass("org.apache.kafka.common.security.auth.AuthenticateCallbackHandler")).isAssignableFrom(handler);
            assertThat(handler.getProtectionDomain().getCodeSource().getLocation()).isEqualTo(jar.toUri().toURL());
            assertThat(loader.loadClass(KafkaSecurity.MSK_IAM_LOGIN_MODULE).getProtectionDomain().getCodeSource().getLocation())
                    .isEqualTo(jar.toUri().toURL());

            Class<?> producerClass = loader.loadClass("org.apache.kafka.clients.producer.KafkaProducer");
            Object producer = producerClass.getConstructor(Map.class).newInstance(config);
            Method close = producerClass.getMethod("close");
            close.invoke(producer);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static List<URL> sparkClasspath(Path file) throws IOException {
        assertThat(file).as("written by the speed layer's build").isRegularFile();
        List<URL> urls = new ArrayList<>();
        for (String entry : Files.readString(file, StandardCharsets.UTF_8).strip().split(java.io.File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        return urls;
    }
}
