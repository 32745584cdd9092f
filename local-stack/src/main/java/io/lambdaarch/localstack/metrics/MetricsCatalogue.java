package io.lambdaarch.localstack.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series table of docs/operations.md (between its {@code series:begin} and {@code series:end} markers): which
 * service exports which series. Tests hold the table to the truth from both sides: each service's integration test
 * finds its rows in a real scrape, and the monitoring test finds every dashboard query's series in the table.
 */
public final class MetricsCatalogue {
    public static final Path DOCUMENT = Path.of("docs", "operations.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-zA-Z_:][a-zA-Z0-9_:]*)` \\| [a-z]+ \\| ([a-z, ]+) \\|");

    private final Map<String, Set<String>> servicesBySeries;

    private MetricsCatalogue(Map<String, Set<String>> servicesBySeries) {
        this.servicesBySeries = servicesBySeries;
    }

    /** Reads the table from the repository that holds the working directory (a module directory in Maven). */
    public static MetricsCatalogue read() {
        return read(repositoryRoot().resolve(DOCUMENT));
    }

    public static MetricsCatalogue read(Path document) {
        String text;
        try {
            text = Files.readString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int begin = text.indexOf("<!-- series:begin -->");
        int end = text.indexOf("<!-- series:end -->");
        if (begin < 0 || end < begin) {
            throw new IllegalStateException(document + " has no series:begin/series:end markers");
        }
        Map<String, Set<String>> services = new TreeMap<>();
        for (String line : text.substring(begin, end).split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                Set<String> names = new TreeSet<>();
                for (String service : row.group(2).split(",")) {
                    names.add(service.trim());
                }
                services.put(row.group(1), names);
            }
        }
        if (services.isEmpty()) {
            throw new IllegalStateException(document + ": no series rows between the markers");
        }
        return new MetricsCatalogue(services);
    }

    /** The series the table says {@code service} ({@code ingestion}, {@code speed}, {@code batch}, {@code serving}) exports. */
    public List<String> seriesOf(String service) {
        List<String> series = new ArrayList<>();
        servicesBySeries.forEach((name, services) -> {
            if (services.contains(service)) {
                series.add(name);
            }
        });
        return series;
    }

    public Set<String> allSeries() {
        return new TreeSet<>(servicesBySeries.keySet());
    }

    /** The series of {@code service} missing from {@code scrape}. */
    public List<String> missingFrom(String service, PrometheusText scrape) {
        return seriesOf(service).stream().filter(name -> !scrape.has(name)).toList();
    }

    private static Path repositoryRoot() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            if (Files.isRegularFile(directory.resolve(DOCUMENT))) {
                return directory;
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException(DOCUMENT + " not found above " + Path.of("").toAbsolutePath());
    }
}
