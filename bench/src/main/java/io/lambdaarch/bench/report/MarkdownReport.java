package io.lambdaarch.bench.report;

import java.util.List;

/** The results as Markdown: the same header, table and notes as the console, for docs/benchmarks.md and bench/results. */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    public static String render(BenchReport report) {
        StringBuilder out = new StringBuilder();
        out.append("### ").append(escape(ReportText.title(report))).append("\n\n");
        out.append("- machine: ").append(escape(ReportText.machine(report))).append('\n');
        out.append("- load average: ").append(escape(ReportText.load(report))).append('\n');
        ReportText.runLines(report).forEach(line -> out.append("- ").append(escape(line)).append('\n'));
        out.append("- parameters: ").append(escape(ReportText.parameters(report))).append("\n\n");
        List<String> columns = ReportText.columns(report);
        out.append(row(columns));
        out.append(row(columns.stream().map(c -> "---").toList()));
        ReportText.rows(report).forEach(r -> out.append(row(r)));
        out.append('\n').append(escape(ReportText.summary(report))).append(".\n");
        List<String> details = ReportText.details(report);
        if (!details.isEmpty()) {
            out.append('\n');
            details.forEach(note -> out.append("- ").append(escape(note)).append('\n'));
        }
        return out.toString();
    }

    private static String row(List<String> cells) {
        StringBuilder row = new StringBuilder("|");
        cells.forEach(cell -> row.append(' ').append(escape(cell).replace("|", "\\|")).append(" |"));
        return row.append('\n').toString();
    }

    /**
     * Keeps text literal: characters Markdown would read as emphasis, code, links or HTML are escaped, and only where
     * they could be read so ({@code serving_view} and {@code <= 50 ms} stay as they are).
     */
    // Visible for testing
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char before = i > 0 ? text.charAt(i - 1) : ' ';
            char after = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
            boolean special = switch (c) {
                case '*', '`', '[', ']' -> true;
                // An underscore inside a word never starts emphasis (CommonMark).
                case '_' -> !(Character.isLetterOrDigit(before) && Character.isLetterOrDigit(after));
                // '<' starts HTML only before a tag name, '/', '!' or '?'.
                case '<' -> Character.isLetter(after) || after == '/' || after == '!' || after == '?';
                default -> false;
            };
            if (special) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
