package io.lambdaarch.common.cli;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One CSV record as RFC 4180 writes it (https://www.rfc-editor.org/rfc/rfc4180#section-2): fields separated by
 * commas, a field with a comma, quote, line break or surrounding space quoted with inner quotes doubled. A null field
 * is empty, so SQL NULL and the empty string differ only in the JSON format.
 */
public final class CsvLine {
    private CsvLine() {
    }

    public static String of(List<String> fields) {
        return fields.stream().map(CsvLine::field).collect(Collectors.joining(","));
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")
                || !value.equals(value.strip());
        return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
