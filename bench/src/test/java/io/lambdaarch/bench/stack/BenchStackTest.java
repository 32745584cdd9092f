package io.lambdaarch.bench.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchStackTest {
    @Test
    void shouldPointTheStacksUrlAtAnotherDatabase() {
        assertThat(BenchStack.jdbcUrlFor("jdbc:postgresql://127.0.0.1:40547/lambda", "bench_speed"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:40547/bench_speed");
        assertThat(BenchStack.jdbcUrlFor("jdbc:postgresql://db:5432/lambda?ssl=false&tcpKeepAlive=true", "bench_x"))
                .isEqualTo("jdbc:postgresql://db:5432/bench_x?ssl=false&tcpKeepAlive=true");
    }

    @Test
    void shouldBlankTheUsersSettingsSoNoChildInheritsThem() {
        Map<String, String> neutral = ChildEnvironment.neutral(Map.of("LAMBDA_INGEST_COMPRESSION", "zstd",
                "LAMBDA_WAREHOUSE_URL", "jdbc:postgresql://prod/lambda", "PATH", "/usr/bin", "HOME", "/root"));

        assertThat(neutral).containsOnly(Map.entry("LAMBDA_INGEST_COMPRESSION", ""), Map.entry("LAMBDA_WAREHOUSE_URL", ""),
                Map.entry("LAMBDA_CONFIG_FILE", ""), Map.entry("JAVA_OPTS", ""));
    }
}
