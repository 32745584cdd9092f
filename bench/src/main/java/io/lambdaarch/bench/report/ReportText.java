package io.lambdaarch.bench.report;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The pieces the console, Markdown and JSON renderings share: header lines and the table's rows. */
final class ReportText {
    static final List<String> COLUMNS = List.of("figure", "ours", "baseline (same run)", "ratio", "target", "met");

    private ReportText() {
    }

    static String title(BenchReport report) {
        return "lambda-arch benchmark, " + report.startedAt().truncatedTo(ChronoUnit.SECONDS) + " (took "
                + duration(report.elapsed()) + ")";
    }

    static String machine(BenchReport report) {
        Machine m = report.machine();
        return m.coresAndMemory() + ", " + m.cpu() + "; " + m.jdk() + "; " + m.os();
    }

    static String load(BenchReport report) {
        LoadMonitor.Load load = report.load();
        return String.format(Locale.ROOT, "%s at start, %s at end, highest 1-minute %.2f (1 / 5 / 15 min; %d cores)",
                load.atStart().describe(), load.atEnd().describe(), load.highestOneMinute(), report.machine().cores());
    }

    static String parameters(BenchReport report) {
        return report.parameters().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    static String summary(BenchReport report) {
        return String.format(Locale.ROOT, "%d of %d figures met their targets%s", report.metCount(), report.figures().size(),
                report.anyFailed() ? "; some could not be measured (ERROR)" : "");
    }

    static List<List<String>> rows(BenchReport report) {
        List<List<String>> rows = new ArrayList<>();
        for (Figure figure : report.figures()) {
            rows.add(List.of(figure.title(), figure.oursCell(), figure.baselineCell(), figure.ratioCell(),
                    figure.targetCell(), figure.verdict()));
        }
        return rows;
    }

    /** Every figure's notes, each prefixed with its title, then the report's own notes. */
    static List<String> details(BenchReport report) {
        List<String> details = new ArrayList<>();
        for (Figure figure : report.figures()) {
            figure.notes().forEach(note -> details.add(figure.title() + ": " + note));
        }
        details.addAll(report.notes());
        return details;
    }

    /** {@code 8 min 12 s}, {@code 41 s}. */
    static String duration(Duration duration) {
        long seconds = Math.round(duration.toMillis() / 1000.0);
        return seconds >= 60 ? (seconds / 60) + " min " + (seconds % 60) + " s" : seconds + " s";
    }
}
