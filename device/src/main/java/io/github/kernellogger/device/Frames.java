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

    /**
     * Puts one field whose value is text, encoded as UTF-8 (an unpaired surrogate as {@code ?},
     * as {@link String#getBytes} does) and cut at a character boundary to {@link #MAX_VALUE}
     * bytes. Allocates nothing; {@link #maxFieldBytes} bytes of room are always enough.
     */
    public static void putField(ByteBuffer buf, byte[] key, CharSequence value) {
        int start = buf.position();
        buf.putShort((short) key.length).putShort((short) 0).put(key);
        int valueStart = buf.position();
        putText(buf, value, MAX_VALUE);
        buf.putShort(start + LoggerAbi.FIELD_VALUE_LEN_OFFSET, (short) (buf.position() - valueStart));
    }

    /** Puts one field whose value is a number, in decimal ASCII. Allocates nothing. */
    public static void putField(ByteBuffer buf, byte[] key, long value) {
        int start = buf.position();
        buf.putShort((short) key.length).putShort((short) 0).put(key);
        int valueStart = buf.position();
        putDecimal(buf, value);
        buf.putShort(start + LoggerAbi.FIELD_VALUE_LEN_OFFSET, (short) (buf.position() - valueStart));
    }

    /**
     * Puts one field whose key is any text, made a valid key as little as it takes: each byte of
     * its UTF-8 outside {@code [A-Za-z0-9_.-]} becomes {@code _}, then a leading {@code _}
     * becomes {@code x_} (so {@code _id} is {@code x_id}), an empty key is {@code x_}, and it is
     * cut to {@link LoggerAbi#FIELD_KEY_MAX} bytes. A valid key stays as it is. The value as {@link #putField(ByteBuffer, byte[],
     * CharSequence)}. Allocates nothing.
     */
    public static void putFieldAnyKey(ByteBuffer buf, CharSequence key, CharSequence value) {
        int start = buf.position();
        buf.putShort((short) 0).putShort((short) 0);
        int keyStart = buf.position();
        putKey(buf, key);
        int valueStart = buf.position();
        putText(buf, value, MAX_VALUE);
        buf.putShort(start + LoggerAbi.FIELD_KEY_LEN_OFFSET, (short) (valueStart - keyStart));
        buf.putShort(start + LoggerAbi.FIELD_VALUE_LEN_OFFSET, (short) (buf.position() - valueStart));
    }

    /** Bytes of room a field of a key of this length and a text value of these chars may need. */
    public static int maxFieldBytes(int keyLength, int valueChars) {
        return LoggerAbi.FIELD_SIZE + keyLength + (int) Math.min(MAX_VALUE, 3L * valueChars);
    }

    /** The key bytes of {@link #putFieldAnyKey}, at most {@link LoggerAbi#FIELD_KEY_MAX}. */
    private static void putKey(ByteBuffer buf, CharSequence key) {
        int n = key.length();
        if (n == 0) {
            buf.put((byte) 'x').put((byte) '_');
            return;
        }
        int left = LoggerAbi.FIELD_KEY_MAX;
        char first = key.charAt(0);
        if (first == '_' || first >= 0x80 || !RecordField.isKeyChar(first)) {
            buf.put((byte) 'x'); // the key would start with _
            left--;
        }
        for (int i = 0; i < n && left > 0; i++) {
            char c = key.charAt(i);
            if (c < 0x80 && RecordField.isKeyChar(c)) {
                buf.put((byte) c);
                left--;
                continue;
            }
            // One _ per byte the character takes in UTF-8.
            int bytes = c < 0x80 ? 1 : c < 0x800 ? 2
                    : Character.isHighSurrogate(c) && i + 1 < n
                            && Character.isLowSurrogate(key.charAt(i + 1)) ? 4 : 3;
            if (bytes == 4) {
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes = 1; // encoded as '?'
            }
            for (; bytes > 0 && left > 0; bytes--, left--) {
                buf.put((byte) '_');
            }
        }
    }

    /** {@code text} as UTF-8, at most {@code max} bytes, cut before a character that would not fit. */
    private static void putText(ByteBuffer buf, CharSequence text, int max) {
        int n = text.length();
        int i = 0;
        if (buf.hasArray() && buf.remaining() >= Math.min(n, max)) {
            // ASCII straight into the array: a put per byte would check and move the position.
            byte[] a = buf.array();
            int at = buf.arrayOffset() + buf.position();
            int end = Math.min(n, max);
            for (char c; i < end && (c = text.charAt(i)) < 0x80; i++) {
                a[at + i] = (byte) c;
            }
            buf.position(buf.position() + i);
        }
        int left = max - i;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (left < 1) {
                    return;
                }
                buf.put((byte) c);
                left--;
            } else if (c < 0x800) {
                if (left < 2) {
                    return;
                }
                buf.put((byte) (0xC0 | c >> 6)).put((byte) (0x80 | c & 0x3F));
                left -= 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (left < 4) {
                    return;
                }
                int cp = Character.toCodePoint(c, text.charAt(++i));
                buf.put((byte) (0xF0 | cp >> 18)).put((byte) (0x80 | cp >> 12 & 0x3F))
                        .put((byte) (0x80 | cp >> 6 & 0x3F)).put((byte) (0x80 | cp & 0x3F));
                left -= 4;
            } else if (Character.isSurrogate(c)) {
                if (left < 1) {
                    return;
                }
                buf.put((byte) '?');
                left--;
            } else {
                if (left < 3) {
                    return;
                }
                buf.put((byte) (0xE0 | c >> 12)).put((byte) (0x80 | c >> 6 & 0x3F))
                        .put((byte) (0x80 | c & 0x3F));
                left -= 3;
            }
        }
    }

    /** Puts {@code value} in decimal ASCII, a '-' first if negative: for messages too. */
    public static void putDecimal(ByteBuffer buf, long value) {
        if (value < 0) {
            buf.put((byte) '-');
        }
        int digits = 1;
        for (long v = value; v <= -10 || v >= 10; v /= 10) {
            digits++;
        }
        int at = buf.position() + digits;
        buf.position(at);
        // Negative digits, so that Long.MIN_VALUE needs no special case.
        long v = value < 0 ? value : -value;
        do {
            buf.put(--at, (byte) ('0' - (int) (v % 10)));
            v /= 10;
        } while (v != 0);
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
