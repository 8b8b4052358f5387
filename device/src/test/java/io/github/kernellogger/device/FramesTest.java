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
}
