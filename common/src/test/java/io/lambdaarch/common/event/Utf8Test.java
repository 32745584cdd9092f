package io.lambdaarch.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
            byte[] bytes = new byte[1 + random.nextInt(6)];
            for (int j = 0; j < bytes.length; j++) {
                int kind = random.nextInt(5);
                bytes[j] = (byte) switch (kind) {
                    case 0 -> random.nextInt(0x80);
                    case 1, 2 -> 0x80 + random.nextInt(0x40);
                    default -> 0xC0 + random.nextInt(0x40);
                };
            }
            boolean expected = jdkAccepts(bytes);
            wellFormed += expected ? 1 : 0;
            assertThat(Utf8.isWellFormed(bytes)).as("%s", HexFormat.of().formatHex(bytes)).isEqualTo(expected);
        }
        assertThat(wellFormed).isGreaterThan(10_000);
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
