package io.lambdaarch.speed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Start-up failures end in one readable line and exit code 1, before Spark is even started. */
@ExtendWith(LocalStackExtension.class)
class SpeedLayerCommandIT {
    private static StackSandbox sandbox;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("speed_command");
    }

    @Test
    void shouldSayWhenKafkaIsUnreachable() throws IOException {
        String bootstrap = "127.0.0.1:" + closedPort();

        int exit = run(Map.of(KafkaSettings.BOOTSTRAP.name(), bootstrap));

        assertThat(exit).isEqualTo(CommandLines.FAILED);
        assertThat(err.toString()).startsWith("ERROR: Kafka is not reachable at " + bootstrap + " (waited 5s): is the broker running?");
        assertOneLine();
    }

    @Test
    void shouldSayWhenTheTopicDoesNotExist() {
        int exit = run(Map.of(KafkaSettings.TOPIC.name(), "no_such_topic"));

        assertThat(exit).isEqualTo(CommandLines.FAILED);
        assertThat(err.toString()).startsWith("ERROR: Topic no_such_topic does not exist on Kafka at");
        assertOneLine();
    }

    @Test
    void shouldRefuseATopicWithoutLogAppendTime() {
        sandbox.stack().kafka().createTopic("speed_create_time", 1, Map.of());

        int exit = run(Map.of(KafkaSettings.TOPIC.name(), "speed_create_time"));

        assertThat(exit).isEqualTo(CommandLines.FAILED);
        assertThat(err.toString()).startsWith("ERROR: Topic speed_create_time has message.timestamp.type=CreateTime;");
        assertOneLine();
    }

    @Test
    void shouldSayWhenTheWarehouseIsUnreachable() throws IOException {
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/lambda";

        int exit = run(Map.of(WarehouseSettings.URL.name(), url));

        assertThat(exit).isEqualTo(CommandLines.FAILED);
        assertThat(err.toString()).startsWith("ERROR: Cannot connect to the warehouse at " + url);
        assertOneLine();
    }

    private int run(Map<String, String> overrides) {
        Map<String, String> environment = new HashMap<>(sandbox.settings());
        environment.putAll(overrides);
        picocli.CommandLine commandLine = SpeedLayerCommand.createCommandLine(environment, Clock.systemUTC(), Duration.ofSeconds(5));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute("--once");
    }

    private void assertOneLine() {
        assertThat(err.toString().strip().lines()).as(err.toString()).hasSize(1);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
