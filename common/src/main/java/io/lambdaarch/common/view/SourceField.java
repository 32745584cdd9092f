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

    /** What a view groups an event without a lang by (BCP 47's "undetermined"). */
    public static final String UNKNOWN_LANG = "und";
    /**
     * The code points of a lang a view keeps: real tags are short (BCP 47), and raw_batch's column must hold any value
     * sent (1024 bytes on Redshift, whose COPY truncates there; 4 bytes at most per code point).
     */
    public static final int LANG_MAX_CODE_POINTS = 256;

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

    /**
     * The lang a view groups {@code lang} by: its first {@link #LANG_MAX_CODE_POINTS} code points, {@link #UNKNOWN_LANG}
     * when absent. The batch SQL ({@code COALESCE(LEFT(lang, 256), 'und')}) and the speed layer compute the same.
     */
    public static String langValue(String lang) {
        if (lang == null) {
            return UNKNOWN_LANG;
        }
        int codePoints = lang.codePointCount(0, lang.length());
        return codePoints <= LANG_MAX_CODE_POINTS ? lang : lang.substring(0, lang.offsetByCodePoints(0, LANG_MAX_CODE_POINTS));
    }

    public static Optional<SourceField> of(String column) {
        return Arrays.stream(values()).filter(f -> f.column.equals(column)).findFirst();
    }

    /** The columns of the fields of {@code kind}, in declaration order (for messages). */
    public static List<String> columns(Kind kind) {
        return Arrays.stream(values()).filter(f -> f.kind == kind).map(SourceField::column).toList();
    }
}
