package io.lambdaarch.common.view;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The fields of an event a view may read: the columns of raw_batch and first_copies. Only these merge exactly across
 * the layers (the speed layer parses the same fields), so a views file may name nothing else.
 */
public enum SourceField {
    CREATED_AT("created_at", Kind.TIME),
    LOCATION("location", Kind.TEXT),
    /** The event's language; {@code und} when the event has none. */
    LANG("lang", Kind.TEXT),
    FOLLOWERS_COUNT("followers_count", Kind.NUMBER),
    FAVORITE_COUNT("favorite_count", Kind.NUMBER),
    RETWEET_COUNT("retweet_count", Kind.NUMBER);

    /** What a field may be used for: a time is truncated to a grain, a text grouped by, a number summed. */
    public enum Kind {
        TIME,
        TEXT,
        NUMBER
    }

    private final String column;
    private final Kind kind;

    SourceField(String column, Kind kind) {
        this.column = column;
        this.kind = kind;
    }

    /** The column name in raw_batch and first_copies, and the field's name in a views file. */
    public String column() {
        return column;
    }

    public Kind kind() {
        return kind;
    }

    public static Optional<SourceField> of(String column) {
        return Arrays.stream(values()).filter(f -> f.column.equals(column)).findFirst();
    }

    /** The columns of the fields of {@code kind}, in declaration order (for messages). */
    public static List<String> columns(Kind kind) {
        return Arrays.stream(values()).filter(f -> f.kind == kind).map(SourceField::column).toList();
    }
}
