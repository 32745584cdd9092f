package io.lambdaarch.common.event;

/**
 * Checks that bytes are well-formed UTF-8 as RFC 3629 defines it (https://www.rfc-editor.org/rfc/rfc3629#section-4):
 * no overlong forms, no encoded surrogates, nothing above U+10FFFF. Jackson's byte parser accepts some of these, so the
 * validator checks first; this loop allocates nothing, unlike decoding to a String and encoding back.
 */
final class Utf8 {
    private Utf8() {
    }

    static boolean isWellFormed(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int lead = bytes[i];
            if (lead >= 0) {
                i++;
                continue;
            }
            lead &= 0xFF;
            if (lead < 0xC2) {
                // a continuation byte without a lead, or C0/C1 (always overlong)
                return false;
            } else if (lead < 0xE0) {
                if (i + 1 >= n || !continuation(bytes[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (lead < 0xF0) {
                if (i + 2 >= n) {
                    return false;
                }
                int second = bytes[i + 1] & 0xFF;
                if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F)
                        || !continuation(bytes[i + 1]) || !continuation(bytes[i + 2])) {
                    return false;
                }
                i += 3;
            } else if (lead < 0xF5) {
                if (i + 3 >= n) {
                    return false;
                }
                int second = bytes[i + 1] & 0xFF;
                if ((lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)
                        || !continuation(bytes[i + 1]) || !continuation(bytes[i + 2]) || !continuation(bytes[i + 3])) {
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(byte value) {
        return (value & 0xC0) == 0x80;
    }
}
