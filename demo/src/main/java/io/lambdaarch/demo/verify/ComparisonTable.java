package io.lambdaarch.demo.verify;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The verify report: one row per check, expected next to actual, and whether they differ. */
public final class ComparisonTable {
    /** One check of one phase. */
    public record Row(String phase, String check, String expected, String actual, String difference) {
        public boolean passed() {
            return difference.isEmpty() || "0".equals(difference);
        }
    }

    private final List<Row> rows = new ArrayList<>();

    /** Adds a numeric check; the difference is actual minus expected. */
    public void add(String phase, String check, long expected, long actual) {
        add(phase, check, BigInteger.valueOf(expected), BigInteger.valueOf(actual));
    }

    /** Adds a numeric check of exact sums; the difference is actual minus expected. */
    public void add(String phase, String check, BigInteger expected, BigInteger actual) {
        BigInteger difference = actual.subtract(expected);
        rows.add(new Row(phase, check, String.format(Locale.ROOT, "%,d", expected), String.format(Locale.ROOT, "%,d", actual),
                difference.signum() == 0 ? "0" : String.format(Locale.ROOT, "%+,d", difference)));
    }

    /** Adds a yes/no check. */
    public void add(String phase, String check, boolean expected, boolean actual) {
        rows.add(new Row(phase, check, Boolean.toString(expected), Boolean.toString(actual), expected == actual ? "0" : "differs"));
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public boolean allPassed() {
        return rows.stream().allMatch(Row::passed);
    }

    /** Prints the rows added since {@code fromRow} as an aligned table. */
    public void print(PrintWriter out, int fromRow) {
        List<Row> shown = rows.subList(fromRow, rows.size());
        String[] header = {"phase", "check", "expected", "actual", "difference"};
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
        }
        for (Row row : shown) {
            String[] cells = cells(row);
            for (int i = 0; i < cells.length; i++) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        String format = String.format(Locale.ROOT, "%%-%ds  %%-%ds  %%%ds  %%%ds  %%%ds  %%s%%n",
                widths[0], widths[1], widths[2], widths[3], widths[4]);
        out.printf(format, header[0], header[1], header[2], header[3], header[4], "");
        for (Row row : shown) {
            String[] cells = cells(row);
            out.printf(format, cells[0], cells[1], cells[2], cells[3], cells[4], row.passed() ? "ok" : "FAIL");
        }
        out.flush();
    }

    private static String[] cells(Row row) {
        return new String[] {row.phase(), row.check(), row.expected(), row.actual(), row.difference()};
    }
}
