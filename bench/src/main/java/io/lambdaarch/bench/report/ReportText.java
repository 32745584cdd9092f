package io.lambdaarch.bench.report;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The pieces the console, Markdown and JSON renderings share: header lines and the table's rows. One run gets one
 * row per figure with that run's numbers; several runs ({@code --runs}) get the median, the worst run and a verdict
 * that is yes only when every run met the targets.
 */
final class ReportText {
    static final List<String> COLUMNS = List.of("figure", "ours", "baseline (same run)", "ratio", "target", "met");
    static final List<String> RUNS_COLUMNS = List.of("figure", "ours: median", "ours: worst run", "baseline: median",
            "ratio: median / worst", "target", "met in every run");

    private ReportText() {
    }

    static String title(BenchReport report) {
        String runs = report.runs().size() == 1 ? "" : ", " + report.runs().size() + " runs";
        return "lambda-arch benchmark, " + report.startedAt().truncatedTo(ChronoUnit.SECONDS) + " (took "
                + duration(report.elapsed()) + runs + ")";
    }

    static String machine(BenchReport report) {
        Machine m = report.machine();
        return m.coresAndMemory() + ", " + m.cpu() + "; " + m.jdk() + "; " + m.os();
    }

    static String load(BenchReport report) {
        return load(report.load(), report.machine().cores());
    }

    private static String load(LoadMonitor.Load load, int cores) {
        return String.format(Locale.ROOT, "%s at start, %s at end, highest 1-minute %.2f (1 / 5 / 15 min; %d cores)",
                load.atStart().describe(), load.atEnd().describe(), load.highestOneMinute(), cores);
    }

    /** One line per run when there are several: how long it took and how busy the machine was. */
    static List<String> runLines(BenchReport report) {
        if (report.runs().size() == 1) {
            return List.of();
        }
        return report.runs().stream()
                .map(run -> String.format(Locale.ROOT, "run %d: took %s, load %s, %d of %d figures met", run.number(),
                        duration(run.elapsed()), load(run.load(), report.machine().cores()),
                        run.figures().stream().filter(Figure::met).count(), run.figures().size()))
                .toList();
    }

    static String parameters(BenchReport report) {
        return report.parameters().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    static String summary(BenchReport report) {
        String every = report.runs().size() == 1 ? "" : " in every one of " + report.runs().size() + " runs";
        return String.format(Locale.ROOT, "%d of %d figures met their targets%s%s", report.metCount(), report.figures().size(),
                every, report.anyFailed() ? "; some could not be measured (ERROR)" : "");
    }

    static List<String> columns(BenchReport report) {
        return report.runs().size() == 1 ? COLUMNS : RUNS_COLUMNS;
    }

    static List<List<String>> rows(BenchReport report) {
        List<List<String>> rows = new ArrayList<>();
        for (FigureRuns figure : report.figures()) {
            if (report.runs().size() == 1) {
                Figure only = figure.runs().get(0);
                rows.add(List.of(only.title(), only.oursCell(), only.baselineCell(), only.ratioCell(), only.targetCell(),
                        only.verdict()));
            } else {
                rows.add(runsRow(figure));
            }
        }
        return rows;
    }

    private static List<String> runsRow(FigureRuns figure) {
        Figure worst = figure.worst();
        List<Value> ours = figure.medianOurs();
        List<Value> baseline = figure.medianBaseline();
        String oursMedian = ours.isEmpty() ? worst.oursCell() : describe(ours);
        String baselineMedian = baseline.isEmpty() ? worst.baselineName()
                : describe(baseline) + " (" + worst.baselineName() + ")";
        String ratios = (figure.medianRatio().isPresent()
                ? String.format(Locale.ROOT, "%.2fx", figure.medianRatio().getAsDouble()) : "-") + " / " + worst.ratioCell();
        List<Check> checks = figure.checks();
        String targets = checks.stream()
                .map(c -> checks.size() > 1 && !c.met() && figure.error().isEmpty() ? c.target() + " (missed)" : c.target())
                .collect(Collectors.joining("; "));
        String verdict = figure.error().isPresent() ? "ERROR"
                : figure.met() ? "yes" : String.format(Locale.ROOT, "NO (%d of %d)", figure.metRuns(), figure.runs().size());
        return List.of(figure.title(), oursMedian, worst.oursCell() + " (run " + figure.worstRun() + ")", baselineMedian,
                ratios, targets, verdict);
    }

    /** Every figure's notes, each prefixed with its title (and run), then the report's own notes. */
    static List<String> details(BenchReport report) {
        List<String> details = new ArrayList<>();
        boolean several = report.runs().size() > 1;
        for (FigureRuns figure : report.figures()) {
            if (several) {
                details.add(String.format(Locale.ROOT, "%s: ratio by run %s; worst run %d; %s", figure.title(),
                        figure.ratiosByRun(), figure.worstRun(), figure.metDescription()));
            }
            for (int i = 0; i < figure.runs().size(); i++) {
                String prefix = several ? figure.title() + ", run " + (i + 1) + ": " : figure.title() + ": ";
                figure.runs().get(i).notes().forEach(note -> details.add(prefix + note));
            }
        }
        details.addAll(report.notes());
        return details;
    }

    /** {@code 8 min 12 s}, {@code 41 s}. */
    static String duration(Duration duration) {
        long seconds = Math.round(duration.toMillis() / 1000.0);
        return seconds >= 60 ? (seconds / 60) + " min " + (seconds % 60) + " s" : seconds + " s";
    }

    private static String describe(List<Value> values) {
        return values.stream().map(Value::describe).collect(Collectors.joining(", "));
    }
}
