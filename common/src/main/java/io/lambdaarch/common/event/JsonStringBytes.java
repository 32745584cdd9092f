package io.lambdaarch.common.event;

import java.nio.charset.StandardCharsets;

/**
 * A JSON string's content (without the quotes) as UTF-8 bytes, escaped as Jackson's generator with the canonical
 * event's factory ({@link EventJson#newJsonFactory()}) escapes it: quote, backslash and control characters escaped
 * ({@code \b \t \n \f \r} short, the rest as upper-case {@code \}{@code u00XX}), everything else raw UTF-8, a surrogate
 * pair as one 4-byte sequence. The one place these rules are written for the hand-written writers of canonical bytes
 * ({@link EventJson.Writer} and the synthetic source).
 */
public final class JsonStringBytes {
    /** The most bytes one char of a string can take (an escape). */
    public static final int MAX_BYTES_PER_CHAR = 6;
    /** What {@link #write} returns at an unpaired surrogate when it was not asked to escape one. */
    public static final int UNPAIRED_SURROGATE = -1;

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private JsonStringBytes() {
    }

    /**
     * Writes {@code value}'s content into {@code out} from {@code at}, which must have room for
     * {@link #MAX_BYTES_PER_CHAR} bytes per char.
     *
     * @param escapeUnpairedSurrogates whether an unpaired surrogate is written as its upper-case {@code \}{@code uXXXX}
     *     escape; when false, {@link #UNPAIRED_SURROGATE} is returned instead, with {@code out} in any state
     * @return the position after the last byte written, or {@link #UNPAIRED_SURROGATE}
     */
    public static int write(byte[] out, int at, String value, boolean escapeUnpairedSurrogates) {
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    out[at++] = (byte) c;
                } else {
                    at = escape(out, at, c);
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                int codePoint = Character.toCodePoint(c, value.charAt(++i));
                out[at++] = (byte) (0xF0 | (codePoint >> 18));
                out[at++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
                out[at++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (codePoint & 0x3F));
            } else if (escapeUnpairedSurrogates) {
                out[at++] = '\\';
                out[at++] = 'u';
                for (int shift = 12; shift >= 0; shift -= 4) {
                    out[at++] = HEX[(c >> shift) & 0xF];
                }
            } else {
                return UNPAIRED_SURROGATE;
            }
        }
        return at;
    }

    private static int escape(byte[] out, int at, char c) {
        out[at++] = '\\';
        switch (c) {
            case '"', '\\' -> out[at++] = (byte) c;
            case '\b' -> out[at++] = 'b';
            case '\t' -> out[at++] = 't';
            case '\n' -> out[at++] = 'n';
            case '\f' -> out[at++] = 'f';
            case '\r' -> out[at++] = 'r';
            default -> {
                out[at++] = 'u';
                out[at++] = '0';
                out[at++] = '0';
                out[at++] = HEX[c >> 4];
                out[at++] = HEX[c & 0xF];
            }
        }
        return at;
    }
}
