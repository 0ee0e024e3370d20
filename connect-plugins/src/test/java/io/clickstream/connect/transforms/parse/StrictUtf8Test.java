package io.clickstream.connect.transforms.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StrictUtf8Test {

    @Test
    void theAsciiCheckSeesAHighByteAtEveryPositionOfEveryLengthAndOffset() {
        for (int offset = 0; offset < 9; offset++) {
            for (int length = 0; length < 40; length++) {
                byte[] bytes = new byte[offset + length + 9];
                Arrays.fill(bytes, (byte) 'a');
                // High bytes just outside the range must not count.
                if (offset > 0) {
                    bytes[offset - 1] = (byte) 0x80;
                }
                bytes[offset + length] = (byte) 0xFF;
                assertThat(StrictUtf8.ascii(bytes, offset, length))
                        .as("ASCII, offset %d, length %d", offset, length)
                        .isTrue();
                for (int at = offset; at < offset + length; at++) {
                    bytes[at] = (byte) 0x80;
                    assertThat(StrictUtf8.ascii(bytes, offset, length))
                            .as("0x80 at %d, offset %d, length %d", at, offset, length)
                            .isFalse();
                    bytes[at] = 'a';
                }
            }
        }
    }
}
