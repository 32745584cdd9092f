package io.lambdaarch.bench.report;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Saves a report under the results directory: {@code latest.json} and {@code latest.md}, and a copy of both named
 * after the run's start ({@code 20261126T041000Z.json}) so earlier runs stay comparable.
 */
public final class ResultsWriter {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path directory;

    public ResultsWriter(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    /** Writes the four files and returns them (latest first). */
    public List<Path> write(BenchReport report) throws IOException {
        Files.createDirectories(directory);
        String stamp = STAMP.format(report.startedAt());
        String json = JsonReport.render(report);
        String markdown = MarkdownReport.render(report);
        Path latestJson = replace(directory.resolve("latest.json"), json);
        Path latestMarkdown = replace(directory.resolve("latest.md"), markdown);
        Path json2 = replace(directory.resolve(stamp + ".json"), json);
        Path markdown2 = replace(directory.resolve(stamp + ".md"), markdown);
        return List.of(latestJson, latestMarkdown, json2, markdown2);
    }

    /** Writes through a temporary file, so a reader never sees half a result. */
    private Path replace(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        return Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
