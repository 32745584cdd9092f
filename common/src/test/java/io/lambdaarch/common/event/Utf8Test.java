package io.lambdaarch.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written check against the JDK's strict decoder, on random bytes biased towards multi-byte sequences. */
class Utf8Test {
    @Test
    void shouldAgreeWithTheJdkDecoderOnRandomBytes() {
        SplittableRandom random = new SplittableRandom(7);
        int wellFormed = 0;
        for (int i = 0; i < 300_000; i++) {
            // Up to 20 bytes, so the eight-byte ASCII steps meet sequences at every offset.
            byte[] bytes = new byte[1 + random.nextInt(20)];
            for (int j = 0; j < bytes.length; j++) {
                int kind = random.nextInt(5);
                bytes[j] = (byte) switch (kind) {
                    case 0, 1 -> random.nextInt(0x80);
                    case 2 -> 0x80 + random.nextInt(0x40);
                    default -> 0xC0 + random.nextInt(0x40);
                };
            }
            boolean expected = jdkAccepts(bytes);
            wellFormed += expected ? 1 : 0;
            assertThat(Utf8.isWellFormed(bytes)).as("%s", HexFormat.of().formatHex(bytes)).isEqualTo(expected);
        }
        assertThat(wellFormed).isGreaterThan(1_000);
    }

    @Test
    void shouldFindAZeroByteAtAnyOffset() {
        for (int length = 1; length <= 24; length++) {
            assertThat(Utf8.containsZero(filled(length))).isFalse();
            for (int at = 0; at < length; at++) {
                byte[] bytes = filled(length);
                bytes[at] = 0;
                assertThat(Utf8.containsZero(bytes)).as("zero at %d of %d", at, length).isTrue();
            }
        }
        // 0x80 and 0x01 neighbours must not look like a zero to the word trick.
        assertThat(Utf8.containsZero(new byte[] {1, (byte) 0x80, 1, (byte) 0x80, 1, (byte) 0x80, 1, (byte) 0x80})).isFalse();
    }

    private static byte[] filled(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 'a');
        return bytes;
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
