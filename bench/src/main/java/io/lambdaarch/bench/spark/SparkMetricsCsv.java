package io.lambdaarch.bench.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Spark's own streaming metrics, as its CSV metrics sink writes them: with
 * {@code spark.sql.streaming.metricsEnabled=true} every query reports gauges such as {@code states-rowsTotal} (the sum
 * of {@code numRowsTotal} over the query's state operators, as in StreamingQueryProgress) and
 * {@code states-usedBytes}; the CSV sink appends one {@code time,value} line per period to
 * {@code <app>.driver.spark.streaming.<query>.<gauge>.csv}.
 */
public final class SparkMetricsCsv {
    /** The gauge holding the rows in the query's state stores. */
    public static final String STATE_ROWS = "states-rowsTotal";
    /** The gauge holding the memory the state stores use, as Spark estimates it. */
    public static final String STATE_BYTES = "states-usedBytes";

    private SparkMetricsCsv() {
    }

    /** The Spark settings (as {@code -D} system properties) that turn the gauges and the CSV sink on. */
    public static List<String> systemProperties(Path directory, int periodSeconds) {
        return List.of(
                "-Dspark.sql.streaming.metricsEnabled=true",
                "-Dspark.metrics.conf.driver.sink.csv.class=org.apache.spark.metrics.sink.CsvSink",
                "-Dspark.metrics.conf.driver.sink.csv.period=" + periodSeconds,
                "-Dspark.metrics.conf.driver.sink.csv.unit=seconds",
                "-Dspark.metrics.conf.driver.sink.csv.directory=" + directory.toAbsolutePath());
    }

    /** One reading of a gauge. */
    public record Sample(Instant time, double value) {
    }

    /** The readings of {@code gauge} of query {@code query} in {@code directory}, in time order; empty if none. */
    public static List<Sample> read(Path directory, String query, String gauge) {
        String suffix = ".spark.streaming." + query + "." + gauge + ".csv";
        Optional<Path> file;
        try (Stream<Path> files = Files.list(directory)) {
            file = files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list Spark's metrics in " + directory, e);
        }
        if (file.isEmpty()) {
            return List.of();
        }
        try {
            return parse(Files.readAllLines(file.get(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file.get(), e);
        }
    }

    /** Parses {@code t,value} lines (seconds since the epoch); the header and malformed lines are skipped. */
    // Visible for testing
    static List<Sample> parse(List<String> lines) {
        List<Sample> samples = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.trim().split(",");
            if (fields.length != 2) {
                continue;
            }
            try {
                samples.add(new Sample(Instant.ofEpochSecond(Long.parseLong(fields[0].trim())), Double.parseDouble(fields[1].trim())));
            } catch (NumberFormatException e) {
                // the header line "t,value", or a line cut short while Spark was writing it
            }
        }
        return List.copyOf(samples);
    }

    /** The last reading at or before {@code time}, if there is one. */
    public static Optional<Sample> at(List<Sample> samples, Instant time) {
        Sample found = null;
        for (Sample sample : samples) {
            if (sample.time().isAfter(time)) {
                break;
            }
            found = sample;
        }
        return Optional.ofNullable(found);
    }
}
