package io.lambdaarch.common.event;

/**
 * Normalizes {@code user.location} exactly as docs/design.md#validation-and-normalization says: trim, collapse inner whitespace runs to one
 * space, cut to {@value #MAX_CODE_POINTS} code points (never ending in a space), and map empty to {@value #UNKNOWN}.
 * Normalizing a normalized value returns it unchanged.
 *
 * <p>Two choices the design leaves open, made here once for every layer: control characters (including NUL, which
 * PostgreSQL cannot store in text) count as whitespace, and an unpaired surrogate becomes U+FFFD, because it has no
 * UTF-8 encoding and would otherwise differ between the JSON archive and the warehouse.
 */
public final class LocationNormalizer {
    /** The value stored for a missing, null or blank location. */
    public static final String UNKNOWN = "unknown";
    /** Longest location kept, in Unicode code points. */
    public static final int MAX_CODE_POINTS = 256;

    private LocationNormalizer() {
    }

    /** Returns the normalized form of {@code raw}; never null, never longer than 256 code points. */
    public static String normalize(String raw) {
        if (raw == null) {
            return UNKNOWN;
        }
        return isNormal(raw) ? raw : copyNormalized(raw);
    }

    /** The normalized form, built code point by code point. */
    // Visible for testing
    static String copyNormalized(String raw) {
        StringBuilder out = new StringBuilder(Math.min(raw.length(), MAX_CODE_POINTS * 2));
        int kept = 0;
        boolean pendingSpace = false;
        int i = 0;
        while (i < raw.length() && kept < MAX_CODE_POINTS) {
            char c = raw.charAt(i);
            int codePoint;
            int width;
            if (Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1))) {
                codePoint = Character.toCodePoint(c, raw.charAt(i + 1));
                width = 2;
            } else if (Character.isSurrogate(c)) {
                codePoint = 0xFFFD;
                width = 1;
            } else {
                codePoint = c;
                width = 1;
            }
            i += width;
            if (isWhitespace(codePoint)) {
                // Leading whitespace is dropped; inner runs become one space once a non-space follows.
                pendingSpace = kept > 0;
                continue;
            }
            if (pendingSpace) {
                if (kept == MAX_CODE_POINTS - 1) {
                    // A space as the last kept code point would be trailing whitespace, which a second normalization
                    // (the archive is validated again on replay) would drop.
                    break;
                }
                out.append(' ');
                kept++;
                pendingSpace = false;
            }
            out.appendCodePoint(codePoint);
            kept++;
        }
        return out.length() == 0 ? UNKNOWN : out.toString();
    }

    /**
     * True when {@code raw} is already normal, so the copy can be skipped (most locations are): not empty, at most
     * {@value #MAX_CODE_POINTS} chars, no surrogate, and no whitespace but single ASCII spaces between other characters.
     */
    private static boolean isNormal(String raw) {
        int length = raw.length();
        if (length == 0 || length > MAX_CODE_POINTS) {
            return false;
        }
        boolean previousSpace = true;
        for (int i = 0; i < length; i++) {
            char c = raw.charAt(i);
            if (c == ' ') {
                if (previousSpace) {
                    return false;
                }
                previousSpace = true;
            } else if (c < 0x80 ? c < 0x20 || c == 0x7F : Character.isSurrogate(c) || isWhitespace(c)) {
                return false;
            } else {
                previousSpace = false;
            }
        }
        return !previousSpace;
    }

    // Visible for testing
    static boolean isWhitespace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || Character.isISOControl(codePoint);
    }
}
