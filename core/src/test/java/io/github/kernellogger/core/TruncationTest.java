package io.github.kernellogger.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TruncationTest {

    private static String cut(String text, int limit) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int length = Truncation.cut(buf, 0, bytes.length, limit);
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    @Test
    void theCutFitsWhateverTheLimit() {
        String text = "€".repeat(40); // 120 bytes of 3-byte characters
        for (int limit = 0; limit <= 130; limit++) {
            String out = cut(text, limit);
            assertTrue(out.getBytes(StandardCharsets.UTF_8).length <= limit, limit + ": " + out);
            assertFalse(out.contains("\uFFFD"), limit + ": " + out);
        }
    }

    @Test
    void theEndingSaysHowMuchWasCutAndShrinksOnlyWhenItMust() {
        assertEquals("x".repeat(27) + "...[truncated 73 bytes]", cut("x".repeat(100), 50));
        assertEquals("x".repeat(10), cut("x".repeat(10), 10));
        // Room for the text's start and "...", not for the count.
        assertEquals("xxxxxxx...", cut("x".repeat(100), 10));
        assertEquals("xx", cut("x".repeat(100), 2));
        assertEquals("", cut("€€", 2));
    }
}
