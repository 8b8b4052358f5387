package io.github.kernellogger.reader.output;

import com.fasterxml.jackson.core.io.CharTypes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bytes as a JSON value: valid UTF-8 as a string, escaped as Jackson escapes strings (its table
 * of escapes for ASCII: backslash and n, a quote or a backslash, and backslash, u and four hex
 * digits for the other controls); anything else as the array of its byte values, as journalctl writes such fields,
 * so that no byte is lost to a replacement character.
 *
 * <p>One pass does the checking, the escaping and the copying, with runs of plain bytes copied
 * at once: a log shipper reads a full ring with {@code -o json}, and a Jackson generator given
 * the same bytes walks them twice (once to check that they are UTF-8, once to escape them).
 */
final class JsonText {
    private JsonText() {}

    private static final int[] ESCAPES = CharTypes.get7BitOutputEscapes();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

    /** Appends bytes {@code from..to} of {@code b} as a JSON string, or else an array. */
    static void append(OutputBuffer out, byte[] b, int from, int to) {
        int mark = out.length();
        if (!appendString(out, b, from, to)) {
            out.truncate(mark);
            appendArray(out, b, from, to);
        }
    }

    /** A JSON string of Java text, such as a thread name. */
    static void append(OutputBuffer out, String text) {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        append(out, utf8, 0, utf8.length);
    }

    /** @return false, with some of it appended, if the bytes are not valid UTF-8 */
    private static boolean appendString(OutputBuffer out, byte[] b, int from, int to) {
        out.append('"');
        int i = from;
        while (i < to) {
            int run = plainRun(b, i, to);
            if (run > i) {
                out.append(b, i, run);
                i = run;
                continue;
            }
            int c = b[i];
            if (c >= 0) {
                escape(out, c);
                i++;
            } else {
                int n = SafeText.sequenceLength(b, i, to);
                if (n == 0) {
                    return false;
                }
                out.append(b, i, i + n);
                i += n;
            }
        }
        out.append('"');
        return true;
    }

    /**
     * Where the run of plain bytes from {@code i} ends: ASCII from 0x20 but a quote and a
     * backslash, the bytes Jackson's table copies as they are. Eight bytes are checked at once
     * as one long ("SWAR": a byte of {@code x} is zero iff the high bit of
     * {@code (x - 0x01..) & ~x} is set, and a byte is below 0x20 iff that of
     * {@code (x - 0x20..) & ~x} is, for bytes below 0x80); a long with any other byte is walked
     * one byte at a time. Three times faster than a plain loop in C1's code, which the reader
     * runs in the benchmark.
     */
    private static int plainRun(byte[] b, int i, int to) {
        while (i + 8 <= to) {
            long x = (long) LONGS.get(b, i);
            long quote = x ^ 0x2222222222222222L;
            long backslash = x ^ 0x5c5c5c5c5c5c5c5cL;
            long special = x
                    | (x - 0x2020202020202020L) & ~x
                    | (quote - 0x0101010101010101L) & ~quote
                    | (backslash - 0x0101010101010101L) & ~backslash;
            if ((special & 0x8080808080808080L) != 0) {
                break;
            }
            i += 8;
        }
        while (i < to) {
            byte c = b[i];
            if (c < 0x20 || c == '"' || c == '\\') {
                break;
            }
            i++;
        }
        return i;
    }

    private static void escape(OutputBuffer out, int c) {
        int e = ESCAPES[c];
        out.append('\\');
        if (e > 0) {
            out.append((byte) e);
        } else {
            out.append('u');
            out.append('0');
            out.append('0');
            out.append(HEX[c >> 4]);
            out.append(HEX[c & 0xf]);
        }
    }

    private static void appendArray(OutputBuffer out, byte[] b, int from, int to) {
        out.append('[');
        for (int i = from; i < to; i++) {
            if (i > from) {
                out.append(',');
            }
            out.appendDecimal(b[i] & 0xff);
        }
        out.append(']');
    }
}
