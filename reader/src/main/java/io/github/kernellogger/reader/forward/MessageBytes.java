package io.github.kernellogger.reader.forward;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The bytes of one message as it is built, in an array kept from one message to the next. */
final class MessageBytes {
    private byte[] bytes = new byte[1024];
    private int length;

    void clear() {
        length = 0;
    }

    int length() {
        return length;
    }

    byte[] array() {
        return bytes;
    }

    void append(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    void append(byte[] b) {
        append(b, 0, b.length);
    }

    void append(byte[] b, int from, int to) {
        int n = to - from;
        ensure(n);
        System.arraycopy(b, from, bytes, length, n);
        length += n;
    }

    /** Text that is ASCII (numbers, names already made PRINTUSASCII), a byte a char. */
    void appendAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
    }

    void appendDecimal(long v) {
        appendAscii(Long.toString(v));
    }

    void appendUtf8(String s) {
        append(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Drops what was appended after {@code mark}, a length this had before. */
    void truncate(int mark) {
        length = mark;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
