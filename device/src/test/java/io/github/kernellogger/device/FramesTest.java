package io.github.kernellogger.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Frames laid out byte for byte as struct logger_frame and struct logger_field say. */
class FramesTest {

    @Test
    void aFrameIsItsHeaderFieldsMessageAndZeroPadding() {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
        Arrays.fill(b.array(), (byte) 0x55);
        int f = Frames.begin(b, SyslogLevel.ERR, 1_764_600_000_123_456_789L);
        Frames.putField(b, Frames.key("TAG"), "app".getBytes(StandardCharsets.UTF_8));
        Frames.endFields(b, f);
        b.put("hi".getBytes(StandardCharsets.UTF_8));
        assertEquals(16 + 4 + 3 + 3 + 2, Frames.end(b, f));
        assertEquals(32, b.position(), "padded to 8");
        assertEquals(Frames.span(Frames.fieldBytes(3, 3), 2), b.position());

        assertEquals(28, b.getInt(LoggerAbi.FRAME_SIZE_OFFSET));
        assertEquals(3, b.get(LoggerAbi.FRAME_LEVEL_OFFSET));
        assertEquals(0, b.get(LoggerAbi.FRAME_FLAGS_OFFSET));
        assertEquals(10, b.getShort(LoggerAbi.FRAME_FIELDS_LEN_OFFSET));
        assertEquals(1_764_600_000_123_456_789L, b.getLong(LoggerAbi.FRAME_SRC_TS_NS_OFFSET));
        assertEquals(3, b.getShort(16 + LoggerAbi.FIELD_KEY_LEN_OFFSET));
        assertEquals(3, b.getShort(16 + LoggerAbi.FIELD_VALUE_LEN_OFFSET));
        assertArrayEquals("TAGapphi".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(b.array(), 20, 28));
        assertArrayEquals(new byte[4], Arrays.copyOfRange(b.array(), 28, 32));
        // The next frame starts right after, on the 8-byte boundary.
        int g = Frames.begin(b, SyslogLevel.DEBUG, 0);
        assertEquals(32, g);
        Frames.endFields(b, g);
        assertEquals(16, Frames.end(b, g));
        assertEquals(48, b.position());
    }

    @Test
    void keysAreCheckedAsTheKernelWould() {
        assertTrue(RecordField.isValidKey("TAG"));
        assertTrue(RecordField.isValidKey("mdc.request-id_2"));
        assertTrue(RecordField.isValidKey("K".repeat(64)));
        for (String bad : new String[] {"", "_PID", "a key", "k=v", "ключ", "K".repeat(65)}) {
            assertFalse(RecordField.isValidKey(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> Frames.key(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> RecordField.of(bad, "v"), bad);
        }
    }

    @Test
    void oversizedValuesAndForeignByteOrderAreRefused() {
        ByteBuffer b = ByteBuffer.allocate(70_000).order(ByteOrder.nativeOrder());
        assertThrows(IllegalArgumentException.class,
                () -> Frames.putField(b, Frames.key("V"), new byte[Frames.MAX_VALUE + 1]));
        ByteOrder other = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        assertThrows(IllegalArgumentException.class,
                () -> Frames.begin(ByteBuffer.allocate(64).order(other), SyslogLevel.INFO, 0));
    }

    @Test
    void fieldsDecodeBackAsWritten() {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
        Frames.putField(b, Frames.key("A"), new byte[] {(byte) 0xff, 0, '\n'});
        Frames.putField(b, Frames.key("B"), new byte[0]);
        byte[] bytes = Arrays.copyOf(b.array(), b.position());
        assertEquals(2, RecordField.decode(bytes).size());
        assertArrayEquals(new byte[] {(byte) 0xff, 0, '\n'}, RecordField.decode(bytes).get(0).value());
        assertThrows(IllegalArgumentException.class,
                () -> RecordField.decode(Arrays.copyOf(bytes, bytes.length - 1)));
    }

    /** The one field {@code put} lays out, decoded as a reader would. */
    private static RecordField oneField(java.util.function.Consumer<ByteBuffer> put) {
        ByteBuffer b = ByteBuffer.allocate(1 << 18).order(ByteOrder.nativeOrder());
        put.accept(b);
        java.util.List<RecordField> fields = RecordField.decode(Arrays.copyOf(b.array(), b.position()));
        assertEquals(1, fields.size());
        return fields.get(0);
    }

    @Test
    void textValuesAreUtf8AsStringWouldEncodeThem() {
        String text = "caf\u00e9 \u20ac \ud83d\ude00 ok";
        assertEquals(RecordField.of("K", text), oneField(b -> Frames.putField(b, Frames.key("K"), text)));
        // An unpaired surrogate is '?', as String.getBytes makes it.
        String broken = "a\ud83db";
        assertEquals(RecordField.of("K", broken), oneField(b -> Frames.putField(b, Frames.key("K"), broken)));
        assertTrue(Frames.maxFieldBytes(1, text.length()) >= 4 + 1 + text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aTextValueIsCutAtACharacterBoundaryToTheLongestAFieldTakes() {
        String text = "x" + "\u20ac".repeat(30_000); // 90 001 bytes
        RecordField f = oneField(b -> Frames.putField(b, Frames.key("K"), text));
        assertEquals(1 + 3 * 21_844, f.value().length); // 65 533: the next euro would pass 65 535
        assertEquals(text.substring(0, 1 + 21_844), f.valueText());
    }

    @Test
    void numbersAreDecimal() {
        assertEquals(RecordField.of("N", "0"), oneField(b -> Frames.putField(b, Frames.key("N"), 0L)));
        assertEquals(RecordField.of("N", "4711"), oneField(b -> Frames.putField(b, Frames.key("N"), 4711L)));
        assertEquals(RecordField.of("N", "-42"), oneField(b -> Frames.putField(b, Frames.key("N"), -42L)));
        assertEquals(RecordField.of("N", Long.toString(Long.MIN_VALUE)),
                oneField(b -> Frames.putField(b, Frames.key("N"), Long.MIN_VALUE)));
        assertEquals(RecordField.of("N", Long.toString(Long.MAX_VALUE)),
                oneField(b -> Frames.putField(b, Frames.key("N"), Long.MAX_VALUE)));
    }

    @Test
    void anyTextBecomesAValidKeyAsLittleAsItTakes() {
        java.util.function.Function<String, String> key =
                k -> oneField(b -> Frames.putFieldAnyKey(b, k, "v")).key();
        assertEquals("request.id-2_x", key.apply("request.id-2_x"));
        assertEquals("user_name", key.apply("user name"));
        assertEquals("x_id", key.apply("_id"));
        assertEquals("x__", key.apply("\u00e9"), "two bytes of UTF-8, then the leading _");
        assertEquals("a____b", key.apply("a\ud83d\ude00b"), "four bytes");
        assertEquals("x_", key.apply(""));
        assertEquals("k".repeat(64), key.apply("k".repeat(100)));
        assertEquals("x" + "_".repeat(63), key.apply("_".repeat(100)));
        for (String k : new String[] {"a b", "_", "\u00e9t\u00e9", "{json}", "k".repeat(70)}) {
            assertTrue(RecordField.isValidKey(key.apply(k)), k);
        }
    }

    /** The kernel's own keys (ABI version 3) come in records, and no writer may send them. */
    @Test
    void kernelKeysAreReadNeverWritten() {
        RecordField f = new RecordField(LoggerAbi.FIELD_OPENER_UID, new byte[] {'0'});
        assertTrue(f.kernelStamped());
        assertTrue(RecordField.isKernelKey("_OPENER_GID"));
        assertFalse(RecordField.isKernelKey("_opener"));
        assertFalse(RecordField.isKernelKey("_"));
        assertThrows(IllegalArgumentException.class, () -> Frames.key(LoggerAbi.FIELD_OPENER_UID));
        assertEquals(96, LoggerAbi.recordCost(0));
        assertEquals(104, LoggerAbi.recordCost(1));
    }
}
