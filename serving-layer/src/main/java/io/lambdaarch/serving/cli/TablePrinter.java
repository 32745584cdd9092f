package io.lambdaarch.serving.cli;

import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints rows as an aligned text table in the style of psql: a header, a rule, one line per row (numbers right
 * aligned), and the row count. NULL prints as {@code NULL}; line breaks inside a value print as {@code \n}; wide
 * (East Asian) characters count as two columns.
 */
public final class TablePrinter {
    private final PrintWriter out;

    public TablePrinter(PrintWriter out) {
        this.out = out;
    }

    /**
     * A table of text cells; {@code rightAligned[i]} puts column i flush right; {@code truncated} says that more rows
     * existed than were read.
     */
    public record Table(List<String> headers, List<List<String>> rows, List<Boolean> rightAligned, boolean truncated) {
        public Table {
            headers = List.copyOf(headers);
            rows = rows.stream().map(List::copyOf).toList();
            rightAligned = List.copyOf(rightAligned);
            int columns = headers.size();
            if (rightAligned.size() != columns || rows.stream().anyMatch(r -> r.size() != columns)) {
                throw new IllegalArgumentException("every row and the alignment need one entry per header");
            }
        }
    }

    /** Reads at most {@code maxRows} rows of {@code rs} into a table. */
    public static Table read(ResultSet rs, int maxRows) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> headers = new ArrayList<>();
        List<Boolean> right = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            headers.add(meta.getColumnLabel(i));
            right.add(isNumeric(meta.getColumnType(i)));
        }
        List<List<String>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() == maxRows) {
                truncated = true;
                break;
            }
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= headers.size(); i++) {
                String value = rs.getString(i);
                row.add(value == null ? "NULL" : value);
            }
            rows.add(row);
        }
        return new Table(headers, rows, right, truncated);
    }

    public void print(Table table) {
        int columns = table.headers().size();
        int[] widths = new int[columns];
        for (int i = 0; i < columns; i++) {
            widths[i] = width(table.headers().get(i));
            for (List<String> row : table.rows()) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < columns; i++) {
            header.append(i == 0 ? " " : " | ").append(pad(table.headers().get(i), widths[i], false));
            rule.append(i == 0 ? "" : "+").append("-".repeat(widths[i] + 2));
        }
        out.println(header.toString().stripTrailing());
        out.println(rule);
        for (List<String> row : table.rows()) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == 0 ? " " : " | ").append(pad(row.get(i), widths[i], table.rightAligned().get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
        int count = table.rows().size();
        String rows = count == 1 ? "row" : "rows";
        if (table.truncated()) {
            out.println("(first " + count + " " + rows + " shown; the result has more)");
        } else {
            out.println("(" + count + " " + rows + ")");
        }
        out.flush();
    }

    private static String pad(String value, int width, boolean right) {
        String shown = printable(value);
        String padding = " ".repeat(width - width(shown));
        return right ? padding + shown : shown + padding;
    }

    // Terminal columns, as wcwidth counts them: East Asian wide characters take two, combining marks none.
    private static int width(String value) {
        return printable(value).codePoints().map(TablePrinter::columns).sum();
    }

    private static int columns(int codePoint) {
        int type = Character.getType(codePoint);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
            return 0;
        }
        boolean wide = (codePoint >= 0x1100 && codePoint <= 0x115F)
                || (codePoint >= 0x2E80 && codePoint <= 0xA4CF && codePoint != 0x303F)
                || (codePoint >= 0xAC00 && codePoint <= 0xD7A3)
                || (codePoint >= 0xF900 && codePoint <= 0xFAFF)
                || (codePoint >= 0xFE30 && codePoint <= 0xFE4F)
                || (codePoint >= 0xFF00 && codePoint <= 0xFF60)
                || (codePoint >= 0xFFE0 && codePoint <= 0xFFE6)
                || (codePoint >= 0x1F300 && codePoint <= 0x1F64F)
                || (codePoint >= 0x1F900 && codePoint <= 0x1F9FF)
                || (codePoint >= 0x20000 && codePoint <= 0x3FFFD);
        return wide ? 2 : 1;
    }

    private static String printable(String value) {
        return value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    private static boolean isNumeric(int sqlType) {
        return switch (sqlType) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.DECIMAL, Types.NUMERIC,
                    Types.DOUBLE, Types.FLOAT, Types.REAL -> true;
            default -> false;
        };
    }
}
