package io.lambdaarch.serving.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdaarch.common.cli.CsvLine;
import io.lambdaarch.common.cli.OutputFormat;
import io.lambdaarch.serving.api.JsonMapping;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Prints rows in one of the {@link OutputFormat}s. {@code table}: an aligned text table in the style of psql: a
 * header, a rule, one line per row (numbers right aligned), and the row count; NULL prints as {@code NULL}, line
 * breaks inside a value as {@code \n}, and wide (East Asian) characters count as two columns. {@code csv}: a header
 * and one record per row, NULL as an empty field. {@code json}: the rows as objects (numeric columns as JSON numbers,
 * NULL as null) and whether the result was cut.
 */
public final class TablePrinter {
    private static final ObjectMapper JSON = JsonMapping.createMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;

    public TablePrinter(PrintWriter out) {
        this.out = out;
    }

    /**
     * A table of text cells (null for SQL NULL); {@code rightAligned[i]} puts column i flush right and marks it
     * numeric; {@code truncated} says that more rows existed than were read.
     */
    public record Table(List<String> headers, List<List<String>> rows, List<Boolean> rightAligned, boolean truncated) {
        public Table {
            headers = List.copyOf(headers);
            // not List.copyOf: cells may be null (SQL NULL)
            rows = rows.stream().map(row -> Collections.unmodifiableList(new ArrayList<>(row))).toList();
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
                row.add(rs.getString(i));
            }
            rows.add(row);
        }
        return new Table(headers, rows, right, truncated);
    }

    public void print(Table table, OutputFormat format) {
        switch (format) {
            case TABLE -> print(table);
            case CSV -> printCsv(table);
            case JSON -> printJson(table);
        }
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

    private void printCsv(Table table) {
        out.println(CsvLine.of(table.headers()));
        table.rows().forEach(row -> out.println(CsvLine.of(row)));
        out.flush();
    }

    private void printJson(Table table) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode columns = root.putArray("columns");
        table.headers().forEach(columns::add);
        root.set("rows", jsonRows(table));
        root.put("truncated", table.truncated());
        printJson(root);
    }

    /** Prints {@code value} as indented JSON and a line break. */
    void printJson(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    /** The rows as JSON objects in column order: numeric columns as numbers, NULL as null. */
    static ArrayNode jsonRows(Table table) {
        ArrayNode rows = JSON.createArrayNode();
        for (List<String> row : table.rows()) {
            ObjectNode object = rows.addObject();
            for (int i = 0; i < row.size(); i++) {
                String name = table.headers().get(i);
                String value = row.get(i);
                if (value == null) {
                    object.putNull(name);
                } else if (table.rightAligned().get(i)) {
                    object.put(name, new BigDecimal(value));
                } else {
                    object.put(name, value);
                }
            }
        }
        return rows;
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
        if (value == null) {
            return "NULL";
        }
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
