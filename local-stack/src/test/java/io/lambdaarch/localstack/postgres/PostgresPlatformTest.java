package io.lambdaarch.localstack.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PostgresPlatformTest {
    @ParameterizedTest
    @CsvSource({
            "Linux, amd64, postgres-linux-x86_64.txz",
            "Linux, aarch64, postgres-linux-arm_64.txz",
            "Mac OS X, x86_64, postgres-darwin-x86_64.txz",
            "Mac OS X, aarch64, postgres-darwin-arm_64.txz",
            "Windows 11, amd64, postgres-windows-x86_64.txz"})
    void shouldShipTheArchiveZonkyLooksUpOnEachPlatform(String osName, String osArch, String archive) {
        PostgresPlatform platform = PostgresPlatform.of(osName, osArch, false);

        assertThat(platform.archive()).isEqualTo(archive);
        assertThat(platform.isShipped()).isTrue();
        assertThat(PostgresPlatform.SHIPPED).extracting(PostgresPlatform::archive).contains(archive);
    }

    @ParameterizedTest
    @CsvSource({
            "Linux, amd64, true, true",
            "Linux, aarch64, true, true",
            "Linux, amd64, false, false",
            "Mac OS X, aarch64, true, false",
            "Mac OS X, x86_64, false, false",
            "Windows 11, amd64, true, false",
            "FreeBSD, amd64, true, false"})
    void shouldUseAUserNamespaceOnlyOnLinuxAsRoot(String osName, String osArch, boolean root, boolean namespace) {
        assertThat(PostgresPlatform.of(osName, osArch, root).needsUserNamespace()).isEqualTo(namespace);
    }

    @Test
    void shouldNameWhatIsMissingOnAPlatformWithoutBinaries() {
        PostgresPlatform platform = PostgresPlatform.of("FreeBSD", "amd64", false);

        assertThat(platform.isShipped()).isFalse();
        assertThat(platform.unsupportedMessage()).contains("freebsd/x86_64", "postgres-freebsd-x86_64.txz", "macOS");
    }

    @Test
    void thisMachinesArchiveShouldBeOnTheClasspath() {
        PostgresPlatform platform = PostgresPlatform.current();

        assertThat(getClass().getResource("/" + platform.archive())).as(platform.archive()).isNotNull();
        assertThat(platform.needsUserNamespace()).isEqualTo(
                System.getProperty("os.name").startsWith("Linux") && "root".equals(System.getProperty("user.name")));
    }
}
