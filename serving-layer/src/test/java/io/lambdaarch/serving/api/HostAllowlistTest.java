package io.lambdaarch.serving.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostAllowlistTest {
    private final HostAllowlist loopback = new HostAllowlist(List.of(), "127.0.0.1");

    @Test
    void shouldAllowLoopbackNamesAndAddressesWithOrWithoutPorts() {
        assertThat(List.of("localhost", "localhost:8080", "LOCALHOST:8080", "localhost.", "app.localhost:3000",
                "127.0.0.1", "127.0.0.1:8080", "[::1]", "[::1]:8080"))
                .allSatisfy(host -> assertThat(loopback.allows(host)).as(host).isTrue());
    }

    @Test
    void shouldAllowAnyIpAddressSinceARebindingPageUsesAName() {
        assertThat(List.of("10.0.0.7:8080", "192.168.1.20", "[2001:db8::1]:8080"))
                .allSatisfy(host -> assertThat(loopback.allows(host)).as(host).isTrue());
    }

    @Test
    void shouldRefuseOtherNames() {
        assertThat(List.of("evil.example", "evil.example:8080", "localhost.evil.example", "evillocalhost",
                "127.0.0.1.nip.io", "dashboard.example.com"))
                .allSatisfy(host -> assertThat(loopback.allows(host)).as(host).isFalse());
    }

    @Test
    void shouldAllowConfiguredNamesAndDomains() {
        HostAllowlist allowlist = new HostAllowlist(List.of("dashboard.example.com", ".internal.example"), "0.0.0.0");

        assertThat(allowlist.allows("Dashboard.Example.com:8080")).isTrue();
        assertThat(allowlist.allows("internal.example")).isTrue();
        assertThat(allowlist.allows("serving.eu.internal.example:8080")).isTrue();
        assertThat(allowlist.allows("example.com")).isFalse();
        assertThat(allowlist.allows("xinternal.example")).isFalse();
    }

    @Test
    void shouldAllowTheNameTheServerIsBoundTo() {
        assertThat(new HostAllowlist(List.of(), "serving-host").allows("serving-host:8080")).isTrue();
    }

    @Test
    void shouldAllowARequestWithoutHostSinceNoBrowserSendsOne() {
        assertThat(loopback.allows(null)).isTrue();
    }
}
