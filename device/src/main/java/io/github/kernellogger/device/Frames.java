package io.github.kernellogger.device;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Lays out the frames of a framed write (ABI version 2, {@link LoggerDevice.WriteMode#FRAMED}):
 * each a {@code struct logger_frame}, its fields ({@code struct logger_field}, key, value), its
 * message, and zero padding to the next multiple of {@link LoggerAbi#FRAME_ALIGN}. A batch is
 * frames back to back; the device takes it whole or not at all.
 *
 * <pre>{@code
 * ByteBuffer batch = ByteBuffer.allocateDirect(4096).order(ByteOrder.nativeOrder());
 * int frame = Frames.begin(batch, SyslogLevel.ERR, System.currentTimeMillis() * 1_000_000);
 * Frames.putField(batch, Frames.key("TAG"), "com.acme.Payments".getBytes(UTF_8));
 * Frames.endFields(batch, frame);
 * batch.put("disk full".getBytes(UTF_8));
 * Frames.end(batch, frame);
 * device.write(batch.flip());
 * }</pre>
 *
 * <p>Nothing here allocates: callers on hot paths keep their keys as bytes ({@link #key}) and
 * their buffers for reuse. The buffer must be in {@link ByteOrder#nativeOrder()}, as the kernel
 * reads it, and have room for the frame (a {@link java.nio.BufferOverflowException} otherwise).
 */
public final class Frames {
    private Frames() {}

    /** The longest value a field may have: its length is 16 bits. */
    public static final int MAX_VALUE = 0xffff;

    /**
     * Starts a frame at the buffer's position and leaves the position after its header, where
     * its fields go.
     *
     * @param sourceTimestampNanos the event's own time, ns since the epoch; 0 for none
     * @return the frame's start, for {@link #endFields} and {@link #end}
     */
    public static int begin(ByteBuffer buf, SyslogLevel level, long sourceTimestampNanos) {
        checkOrder(buf);
        int start = buf.position();
        buf.putInt(0).put((byte) level.code()).put((byte) 0).putShort((short) 0)
                .putLong(sourceTimestampNanos);
        return start;
    }

    /**
     * Puts one field. {@code key} must be a valid key ({@link RecordField#isValidKey}), as
     * {@link #key} makes it; {@code value} at most {@link #MAX_VALUE} bytes.
     */
    public static void putField(ByteBuffer buf, byte[] key, byte[] value) {
        putField(buf, key, value, 0, value.length);
    }

    /** Puts one field whose value is {@code length} bytes of {@code value} from {@code offset}. */
    public static void putField(ByteBuffer buf, byte[] key, byte[] value, int offset, int length) {
        if (length > MAX_VALUE) {
            throw new IllegalArgumentException("a field value takes at most " + MAX_VALUE
                    + " bytes, not " + length);
        }
        buf.putShort((short) key.length).putShort((short) length).put(key).put(value, offset, length);
    }

    /** Ends the fields of the frame at {@code start}: what is put after them is its message. */
    public static void endFields(ByteBuffer buf, int start) {
        int fieldsLen = buf.position() - start - LoggerAbi.FRAME_SIZE;
        if (fieldsLen > 0xffff) {
            throw new IllegalArgumentException("a frame's fields take at most 65535 bytes, not "
                    + fieldsLen);
        }
        buf.putShort(start + LoggerAbi.FRAME_FIELDS_LEN_OFFSET, (short) fieldsLen);
    }

    /**
     * Ends the frame at {@code start} at the buffer's position, and pads it with zeros to the
     * start of the next one.
     *
     * @return the frame's size, padding not included
     */
    public static int end(ByteBuffer buf, int start) {
        int size = buf.position() - start;
        buf.putInt(start + LoggerAbi.FRAME_SIZE_OFFSET, size);
        for (int pad = LoggerAbi.frameSpan(size) - size; pad > 0; pad--) {
            buf.put((byte) 0);
        }
        return size;
    }

    /** Bytes a frame of these sizes takes in a batch, padding included. */
    public static int span(int fieldsBytes, int messageBytes) {
        return LoggerAbi.frameSpan(LoggerAbi.FRAME_SIZE + fieldsBytes + messageBytes);
    }

    /** Bytes one field takes. */
    public static int fieldBytes(int keyLength, int valueLength) {
        return LoggerAbi.FIELD_SIZE + keyLength + valueLength;
    }

    /**
     * A key as bytes, checked once.
     *
     * @throws IllegalArgumentException if the kernel would refuse it
     */
    public static byte[] key(String key) {
        if (!RecordField.isValidKey(key)) {
            throw new IllegalArgumentException("not a field key of /dev/logger: '" + key
                    + "' (1.." + LoggerAbi.FIELD_KEY_MAX + " of [A-Za-z0-9_.-], not starting with _)");
        }
        byte[] out = new byte[key.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) key.charAt(i);
        }
        return out;
    }

    private static void checkOrder(ByteBuffer buf) {
        if (buf.order() != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException("frames are laid out in the native byte order");
        }
    }
}
