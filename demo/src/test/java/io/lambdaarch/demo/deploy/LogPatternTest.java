package io.lambdaarch.demo.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

/**
 * Log lines of every service carry the date and time in UTC, so a cron log or a container log read days later still
 * says when each line was written, whatever the machine's time zone.
 */
class LogPatternTest {
    private static final Pattern LAYOUT = Pattern.compile("<PatternLayout pattern=\"([^\"]+)\"");

    @Test
    void everyServiceShouldLogTheDateAndTimeInUtc() throws IOException {
        List<Path> configurations = new ArrayList<>();
        for (String module : DeploymentFiles.modules()) {
            Path resources = DockerComposeFileTest.ROOT.resolve(module).resolve("src/main/resources");
            if (Files.isDirectory(resources)) {
                try (Stream<Path> files = Files.list(resources)) {
                    files.filter(file -> file.getFileName().toString().matches("log4j2.*\\.xml")).forEach(configurations::add);
                }
            }
        }
        assertThat(configurations).hasSizeGreaterThanOrEqualTo(6);

        LogEvent event = Log4jLogEvent.newBuilder().setLoggerName("io.lambdaarch.batch.job.BatchJob")
                .setLevel(Level.INFO).setMessage(new SimpleMessage("landed 10 records"))
                .setTimeMillis(Instant.parse("2026-11-26T23:15:30.123Z").toEpochMilli()).build();
        for (Path configuration : configurations) {
            Matcher matcher = LAYOUT.matcher(Files.readString(configuration));
            assertThat(matcher.find()).as(configuration + " has a pattern layout").isTrue();
            do {
                String line = PatternLayout.newBuilder().withPattern(matcher.group(1)).build().toSerializable(event);
                assertThat(line).as(configuration.toString()).matches("2026-11-26T23:15:30(\\.123)?Z INFO .*landed 10 records\\R");
            } while (matcher.find());
        }
    }
}
