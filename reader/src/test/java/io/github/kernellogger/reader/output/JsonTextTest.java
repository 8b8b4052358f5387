package io.github.kernellogger.reader.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** JsonText's strings read back, through Jackson's parser, as exactly the text written. */
class JsonTextTest {

    private static byte[] json(byte[] bytes) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputBuffer out = new OutputBuffer(sink);
        JsonText.append(out, bytes, 0, bytes.length);
        out.flush();
        return sink.toByteArray();
    }

    private static String readString(byte[] json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            assertEquals(JsonToken.VALUE_STRING, p.nextToken(), new String(json, StandardCharsets.UTF_8));
            String s = p.getText();
            assertEquals(null, p.nextToken(), "one value only");
            return s;
        }
    }

    @Test
    void everyAsciiCharacterAtEveryPlaceOfALongReadsBack() throws IOException {
        // Each character in each of the 8 places of a long, and in the tail after the longs.
        for (int c = 0; c < 0x80; c++) {
            for (int at = 0; at < 19; at++) {
                StringBuilder text = new StringBuilder("abcdefghijklmnopqrs");
                text.setCharAt(at, (char) c);
                assertEquals(text.toString(), readString(json(text.toString().getBytes(StandardCharsets.UTF_8))),
                        "char " + c + " at " + at);
            }
        }
    }

    @Test
    void randomUnicodeReadsBack() throws IOException {
        Random random = new Random(42);
        int[] pool = {'a', ' ', '"', '\\', '\n', '\t', 0x01, 0x1f, 0x7f, 0x80, 0x9b, 0xe9, 0x20ac, 0xfeff, 0x1f600, 0x10ffff};
        for (int i = 0; i < 2000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                text.appendCodePoint(pool[random.nextInt(pool.length)]);
            }
            assertEquals(text.toString(), readString(json(text.toString().getBytes(StandardCharsets.UTF_8))));
        }
    }

    @Test
    void bytesThatAreNotUtf8AreTheArrayOfTheirValues() throws IOException {
        byte[] bytes = {'o', 'k', '"', (byte) 0xc3, (byte) 0x28, 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'};
        List<Integer> read = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json(bytes))) {
            assertEquals(JsonToken.START_ARRAY, p.nextToken());
            while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                read.add(p.getIntValue());
            }
        }
        byte[] back = new byte[read.size()];
        for (int i = 0; i < back.length; i++) {
            back[i] = (byte) (int) read.get(i);
        }
        assertArrayEquals(bytes, back);
    }
}
