package io.lambdaarch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.ingestion.synthetic.SyntheticGenerator;
import io.lambdaarch.ingestion.synthetic.SyntheticWorkload;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: SIGTERM in the middle of a run. The built jar runs in a child JVM; after SIGTERM its summary says how
 * many records the source handed over, and the topic must hold exactly the events among those records.
 */
@ExtendWith(LocalStackExtension.class)
class SigtermIT {
    private static final Instant ANCHOR = Instant.parse("2026-11-26T09:00:00Z");
    private static final Pattern SUMMARY = Pattern.compile("summary: read (\\d+), sent (\\d+), invalid (\\d+), duplicates (\\d+) .*stopped by signal");
    private static StackSandbox sandbox;

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("ingest_sigterm");
    }

    @Test
    void shouldFlushEverythingHandedOverWhenTerminated(@TempDir Path dir) throws Exception {
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(javaCommand("--source", "synthetic", "--seed", "23", "--anchor", ANCHOR.toString(),
                "--rate", "3000", "--count", "100000000", "--duplicate-fraction", "0.02", "--malformed-fraction", "0.01"))
                .directory(dir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("LAMBDA_"));
        for (String key : List.of(KafkaSettings.BOOTSTRAP.name(), KafkaSettings.TOPIC.name(), KafkaSettings.DLQ_TOPIC.name())) {
            environment.put(key, sandbox.settings().get(key));
        }
        String bootstrap = sandbox.stack().kafka().bootstrapServers();

        Process process = builder.start();
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> TopicContents.count(bootstrap, sandbox.topic()) >= 3_000 || !process.isAlive());
            assertThat(process.isAlive()).as("the child ended early: %s", Files.readString(stderr)).isTrue();
            process.destroy();
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        } finally {
            process.destroyForcibly();
        }

        String out = Files.readString(stdout);
        Matcher summary = SUMMARY.matcher(out);
        assertThat(summary.find()).as("summary in %s / %s", out, Files.readString(stderr)).isTrue();
        long read = Long.parseLong(summary.group(1));
        long sent = Long.parseLong(summary.group(2));
        long invalid = Long.parseLong(summary.group(3));
        long duplicates = Long.parseLong(summary.group(4));
        ExpectedEvents expected = ExpectedEvents.of(new SyntheticGenerator(new SyntheticWorkload(23, ANCHOR, 3000,
                SyntheticWorkload.DEFAULT_LATE_FRACTION, SyntheticWorkload.DEFAULT_MAX_LATENESS, 0.02, 0.01)), read);
        assertThat(sent).isEqualTo(expected.events().size());
        assertThat(invalid).isEqualTo(expected.malformed());
        assertThat(duplicates).isEqualTo(expected.duplicates());
        assertThat(expected.problems(TopicContents.readAll(bootstrap, sandbox.topic()))).isEmpty();
        assertThat(TopicContents.count(bootstrap, sandbox.topic())).isEqualTo(sent);
        assertThat(TopicContents.count(bootstrap, sandbox.dlqTopic())).isEqualTo(invalid);
    }

    /** The built jar when failsafe names it, else this test's own classpath; either way the real main class. */
    private static List<String> javaCommand(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jar = System.getProperty("ingestion.jar");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m"));
        if (jar != null && new File(jar).isFile()) {
            command.addAll(List.of("-jar", jar));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.lambdaarch.ingestion.cli.IngestCommand"));
        }
        command.addAll(List.of(args));
        return command;
    }
}
