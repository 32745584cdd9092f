package io.lambdaarch.bench.report;

import java.util.ArrayList;
import java.util.List;

/** The results as plain text for the terminal: header lines, one aligned table, the notes. */
public final class ConsoleReport {
    private ConsoleReport() {
    }

    public static String render(BenchReport report) {
        StringBuilder out = new StringBuilder();
        out.append(ReportText.title(report)).append('\n');
        out.append("machine: ").append(ReportText.machine(report)).append('\n');
        out.append("load average: ").append(ReportText.load(report)).append('\n');
        ReportText.runLines(report).forEach(line -> out.append(line).append('\n'));
        out.append("parameters: ").append(ReportText.parameters(report)).append("\n\n");

        List<List<String>> rows = new ArrayList<>();
        List<String> columns = ReportText.columns(report);
        rows.add(columns);
        rows.addAll(ReportText.rows(report));
        int[] widths = new int[columns.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            out.append(line(rows.get(r), widths)).append('\n');
            if (r == 0) {
                List<String> rule = new ArrayList<>();
                for (int width : widths) {
                    rule.add("-".repeat(width));
                }
                out.append(line(rule, widths)).append('\n');
            }
        }
        out.append('\n').append(ReportText.summary(report)).append('\n');
        List<String> details = ReportText.details(report);
        if (!details.isEmpty()) {
            out.append("details:\n");
            details.forEach(note -> out.append("- ").append(note).append('\n'));
        }
        return out.toString();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append("  ");
            }
            String cell = cells.get(i);
            line.append(cell);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cell.length()));
            }
        }
        return line.toString();
    }
}
