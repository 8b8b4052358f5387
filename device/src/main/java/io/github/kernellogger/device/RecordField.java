package io.github.kernellogger.device;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One field of a record (ABI version 2): a fact the writer gave about the event, such as the
 * logger ({@code TAG}) or thread ({@code THREAD}) it came from, as a key and a value; or (version
 * 3) one the kernel stamped, such as {@link LoggerAbi#FIELD_OPENER_UID}.
 *
 * <p>A writer's keys are 1 to {@link LoggerAbi#FIELD_KEY_MAX} bytes of {@code [A-Za-z0-9_.-]}
 * that do not start with {@code _} ({@link #isValidKey}); the kernel refuses a write with any
 * other. Keys that start with {@code _} are kept for what the kernel stamps, as in journald
 * ({@link #isKernelKey}, {@link #kernelStamped}): a record may carry them, no writer can send
 * them. Values are any bytes: usually UTF-8 text, but the writer's word, never checked.
 *
 * @param key the key, ASCII
 * @param value the value's bytes, as written
 */
public record RecordField(String key, byte[] value) {

    public RecordField {
        if (!isValidKey(key) && !isKernelKey(key)) {
            throw new IllegalArgumentException("not a field key of /dev/logger: '" + key
                    + "' (1.." + LoggerAbi.FIELD_KEY_MAX + " of [A-Za-z0-9_.-], not starting with _,"
                    + " or one the kernel stamps: _ and [A-Z0-9_])");
        }
        value = value.clone();
    }

    /** Whether the kernel stamped this field: no writer can send its key. */
    public boolean kernelStamped() {
        return key.charAt(0) == '_';
    }

    /**
     * Whether {@code key} is one the kernel may stamp on a record (version 3): {@code _}, then
     * {@code [A-Z0-9_]}, at most {@link LoggerAbi#FIELD_KEY_MAX} in all, as journald's trusted
     * fields.
     */
    public static boolean isKernelKey(CharSequence key) {
        int n = key.length();
        if (n < 2 || n > LoggerAbi.FIELD_KEY_MAX || key.charAt(0) != '_') {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = key.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return true;
    }

    /**
     * A writer's field with a text value, encoded as UTF-8.
     *
     * @throws IllegalArgumentException if the kernel would refuse {@code key} from a writer,
     *     one of its own keys among them
     */
    public static RecordField of(String key, String value) {
        if (!isValidKey(key)) {
            throw new IllegalArgumentException("not a writer's field key of /dev/logger: '" + key
                    + "' (1.." + LoggerAbi.FIELD_KEY_MAX + " of [A-Za-z0-9_.-], not starting with _)");
        }
        return new RecordField(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The value's bytes, a copy. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The value's length in bytes, without a copy. */
    public int valueLength() {
        return value.length;
    }

    /** The value decoded as UTF-8 (invalid sequences become U+FFFD). */
    public String valueText() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /** Whether the kernel accepts {@code key} as the key of a writer's field. */
    public static boolean isValidKey(CharSequence key) {
        int n = key.length();
        if (n < 1 || n > LoggerAbi.FIELD_KEY_MAX || key.charAt(0) == '_') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!isKeyChar(key.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code c} may appear in a key. */
    public static boolean isKeyChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == '-';
    }

    /**
     * Decodes the fields of a record: {@code struct logger_field}, key, value, back to back,
     * exactly filling the bytes given.
     *
     * @throws IllegalArgumentException if they are not well-formed fields
     */
    public static List<RecordField> decode(byte[] fields) {
        return decode(fields, ByteOrder.nativeOrder());
    }

    /** Decodes fields whose headers are in {@code order}. @see #decode(byte[]) */
    public static List<RecordField> decode(byte[] fields, ByteOrder order) {
        ByteBuffer in = ByteBuffer.wrap(fields).order(order);
        List<RecordField> out = new ArrayList<>();
        while (in.hasRemaining()) {
            int at = in.position();
            if (in.remaining() < LoggerAbi.FIELD_SIZE) {
                throw new IllegalArgumentException("truncated field at byte " + at);
            }
            int keyLen = Short.toUnsignedInt(in.getShort(at + LoggerAbi.FIELD_KEY_LEN_OFFSET));
            int valueLen = Short.toUnsignedInt(in.getShort(at + LoggerAbi.FIELD_VALUE_LEN_OFFSET));
            int start = at + LoggerAbi.FIELD_SIZE;
            if ((long) keyLen + valueLen > fields.length - start) {
                throw new IllegalArgumentException("field at byte " + at + " runs past the fields");
            }
            String key = new String(fields, start, keyLen, StandardCharsets.US_ASCII);
            out.add(new RecordField(key, Arrays.copyOfRange(fields, start + keyLen,
                    start + keyLen + valueLen)));
            in.position(start + keyLen + valueLen);
        }
        return List.copyOf(out);
    }

    // Records compare arrays by identity; fields compare values by content.
    @Override
    public boolean equals(Object o) {
        return o instanceof RecordField f && key.equals(f.key) && Arrays.equals(value, f.value);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return key + "=" + valueText();
    }
}
