package io.github.kernellogger.reader.output;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes a printer builds, written to its stream only at the end of a record, once 64 KiB
 * are held, and on {@link #flush}: each write carries whole records, and a write that fails
 * fails before anything of the next record was sent. A {@link #scratch} buffer goes nowhere: the
 * forwarder builds its messages in one, kept from one message to the next.
 */
public final class OutputBuffer {
    private static final int WRITE_AT = 1 << 16;

    private final OutputStream out;
    private byte[] bytes;
    private int length;

    OutputBuffer(OutputStream out) {
        this(out, WRITE_AT + 8192);
    }

    private OutputBuffer(OutputStream out, int capacity) {
        this.out = out;
        this.bytes = new byte[capacity];
    }

    /** A small buffer that goes nowhere, to build bytes in ({@link #toByteArray}). */
    public static OutputBuffer scratch() {
        return new OutputBuffer(OutputStream.nullOutputStream(), 64);
    }

    /** Bytes held so far: a mark for {@link #columnsSince}. */
    public int length() {
        return length;
    }

    public void append(byte b) {
        room(1);
        bytes[length++] = b;
    }

    void append(char ascii) {
        append((byte) ascii);
    }

    public void append(byte[] b, int from, int to) {
        int n = to - from;
        room(n);
        System.arraycopy(b, from, bytes, length, n);
        length += n;
    }

    public void append(byte[] b) {
        append(b, 0, b.length);
    }

    /** Appends text that is ASCII only (times, numbers, names of our own). */
    public void appendAscii(String text) {
        int n = text.length();
        room(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
    }

    /** Appends text that is ASCII only, and a newline. */
    void appendAsciiLine(String text) {
        appendAscii(text);
        append('\n');
    }

    /**
     * The next {@code n} bytes, as a buffer in the native byte order positioned at their start,
     * to be filled whole: they count as appended.
     */
    ByteBuffer claim(int n) {
        room(n);
        ByteBuffer b = ByteBuffer.wrap(bytes, length, n).order(ByteOrder.nativeOrder());
        length += n;
        return b;
    }

    public void appendUtf8(String text) {
        append(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends {@code value} in decimal, without making a String of it. */
    public void appendDecimal(long value) {
        room(20);
        length = NumberOutput.outputLong(value, bytes, length);
    }

    /** The array that holds the bytes, the first {@link #length} of them; valid until the next append. */
    public byte[] array() {
        return bytes;
    }

    /** What is held, as an array of its own. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** Drops what was appended since {@code mark}. */
    public void truncate(int mark) {
        length = mark;
    }

    /** Appends {@code n} spaces. */
    void appendSpaces(int n) {
        room(n);
        Arrays.fill(bytes, length, length + n, (byte) ' ');
        length += n;
    }

    /** Terminal columns the bytes since {@code mark} take: one per character (UTF-8 lead byte). */
    int columnsSince(int mark) {
        int columns = 0;
        for (int i = mark; i < length; i++) {
            if ((bytes[i] & 0xc0) != 0x80) {
                columns++;
            }
        }
        return columns;
    }

    /** A record is complete: writes what is held once it is enough for one large write. */
    void endRecord() throws IOException {
        if (length >= WRITE_AT) {
            drain();
        }
    }

    /** Writes everything held and flushes the stream. */
    void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (length > 0) {
            int n = length;
            length = 0;
            out.write(bytes, 0, n);
        }
    }

    private void room(int n) {
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
    }
}
