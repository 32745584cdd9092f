package io.lambdaarch.common.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks that bytes are well-formed UTF-8 as RFC 3629 defines it (https://www.rfc-editor.org/rfc/rfc3629#section-4):
 * no overlong forms, no encoded surrogates, nothing above U+10FFFF. Jackson's byte parser accepts some of these, so the
 * validator checks first; this loop allocates nothing, unlike decoding to a String and encoding back.
 */
final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_BITS = 0x0101010101010101L;
    private Utf8() {
    }

    static boolean isWellFormed(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            // Eight ASCII bytes at a time: most of an event is ASCII.
            while (i + Long.BYTES <= n && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += Long.BYTES;
            }
            if (i >= n) {
                break;
            }
            if (bytes[i] >= 0) {
                i++;
                continue;
            }
            i = sequenceEnd(bytes, i);
            if (i < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The index after the well-formed multi-byte sequence whose lead byte (negative) is at {@code i}, or -1 when it is
     * ill-formed or cut; for scanners that check the UTF-8 of what they read as they go.
     */
    static int sequenceEnd(byte[] bytes, int i) {
        int n = bytes.length;
        int lead = bytes[i] & 0xFF;
        if (lead < 0xC2) {
            // a continuation byte without a lead, or C0/C1 (always overlong)
            return -1;
        } else if (lead < 0xE0) {
            return i + 1 < n && continuation(bytes[i + 1]) ? i + 2 : -1;
        } else if (lead < 0xF0) {
            if (i + 2 >= n) {
                return -1;
            }
            int second = bytes[i + 1] & 0xFF;
            if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F)
                    || !continuation(bytes[i + 1]) || !continuation(bytes[i + 2])) {
                return -1;
            }
            return i + 3;
        } else if (lead < 0xF5) {
            if (i + 3 >= n) {
                return -1;
            }
            int second = bytes[i + 1] & 0xFF;
            if ((lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)
                    || !continuation(bytes[i + 1]) || !continuation(bytes[i + 2]) || !continuation(bytes[i + 3])) {
                return -1;
            }
            return i + 4;
        }
        return -1;
    }

    /** True if any byte is zero (no multi-byte UTF-8 sequence holds one). */
    static boolean containsZero(byte[] bytes) {
        int i = 0;
        for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            // Sets a byte's high bit exactly when the byte is zero (https://graphics.stanford.edu/~seander/bithacks.html#ZeroInWord).
            if (((word - LOW_BITS) & ~word & HIGH_BITS) != 0) {
                return true;
            }
        }
        for (; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean continuation(byte value) {
        return (value & 0xC0) == 0x80;
    }
}
