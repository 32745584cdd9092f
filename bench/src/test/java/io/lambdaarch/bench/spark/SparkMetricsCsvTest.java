package io.lambdaarch.bench.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.bench.spark.SparkMetricsCsv.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkMetricsCsvTest {
    @Test
    void shouldReadTheGaugeOfTheQueryFromSparksCsvFiles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("local-1795665570970.driver.spark.streaming.speed_view.states-rowsTotal.csv"),
                "t,value\n1795665668,21072\n1795665669,21080\n17956656");
        Files.writeString(dir.resolve("local-1795665570970.driver.spark.streaming.speed_view.states-usedBytes.csv"),
                "t,value\n1795665668,384\n");
        Files.writeString(dir.resolve("local-1795665570970.driver.spark.streaming.other.states-rowsTotal.csv"),
                "t,value\n1795665668,5\n");

        List<Sample> rows = SparkMetricsCsv.read(dir, "speed_view", SparkMetricsCsv.STATE_ROWS);

        assertThat(rows).containsExactly(new Sample(Instant.ofEpochSecond(1795665668), 21072),
                new Sample(Instant.ofEpochSecond(1795665669), 21080));
        assertThat(SparkMetricsCsv.read(dir, "absent", SparkMetricsCsv.STATE_ROWS)).isEmpty();
    }

    @Test
    void shouldTakeTheLastReadingAtOrBeforeATime() {
        List<Sample> samples = List.of(new Sample(Instant.ofEpochSecond(10), 1), new Sample(Instant.ofEpochSecond(11), 2),
                new Sample(Instant.ofEpochSecond(13), 3));

        assertThat(SparkMetricsCsv.at(samples, Instant.ofEpochSecond(9))).isEmpty();
        assertThat(SparkMetricsCsv.at(samples, Instant.ofEpochSecond(11))).contains(samples.get(1));
        assertThat(SparkMetricsCsv.at(samples, Instant.ofEpochSecond(12, 500_000_000))).contains(samples.get(1));
        assertThat(SparkMetricsCsv.at(samples, Instant.ofEpochSecond(99))).contains(samples.get(2));
    }

    @Test
    void shouldTurnOnTheGaugesAndTheCsvSinkThroughSystemProperties() {
        assertThat(SparkMetricsCsv.systemProperties(Path.of("/tmp/metrics"), 1)).contains(
                "-Dspark.sql.streaming.metricsEnabled=true",
                "-Dspark.metrics.conf.driver.sink.csv.class=org.apache.spark.metrics.sink.CsvSink",
                "-Dspark.metrics.conf.driver.sink.csv.period=1",
                "-Dspark.metrics.conf.driver.sink.csv.directory=/tmp/metrics");
    }
}
