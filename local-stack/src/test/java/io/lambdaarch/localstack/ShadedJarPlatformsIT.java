package io.lambdaarch.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.localstack.postgres.PostgresPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * {@code ./lambda stack} and the demo run local-stack.jar on Linux, macOS and Windows (WSL), on x86_64 and ARM: the
 * shaded jar must carry PostgreSQL 17 binaries for each. An integration test because it reads the jar the package
 * phase built.
 */
class ShadedJarPlatformsIT {
    private static final Path JAR = Path.of("target", "local-stack.jar");

    @Test
    void shadedJarShouldHoldThePostgresBinariesOfEveryShippedPlatform() throws IOException {
        assertThat(JAR).as("built by the package phase").isRegularFile();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(PostgresPlatform.SHIPPED).hasSize(5).allSatisfy(platform -> {
                ZipEntry entry = jar.getEntry(platform.archive());
                assertThat(entry).as(platform.archive()).isNotNull();
                assertThat(entry.getSize()).as(platform.archive() + " is a real archive").isGreaterThan(5_000_000L);
            });
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.lambdaarch.localstack.cli.LocalStackCommand");
        }
    }
}
