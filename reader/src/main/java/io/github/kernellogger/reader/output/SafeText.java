package io.github.kernellogger.reader.output;

/**
 * How the text formats show bytes that anyone could have written: a message is the writer's
 * bytes and a thread name is the writer's choice, so neither may move the cursor, recolor or
 * retitle the terminal, nor lose a byte. Valid UTF-8 text is shown as it is; every control byte
 * (C0 but tab, DEL, and the C1 controls U+0080..U+009F) and every byte that is not part of valid
 * UTF-8 is shown as {@code \xNN}, one escape per byte, as {@code cat /dev/logger} and dmesg show
 * them. Tab stays: stack traces indent with it, and it moves nothing but the cursor to the right.
 * A backslash stays too, so that Windows paths and regular expressions in messages read as
 * written.
 */
final class SafeText {
    private SafeText() {}

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Appends bytes {@code from..to} of {@code b}, made safe to show as described above. */
    static void append(OutputBuffer out, byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f || c == '\t') {
                int run = i + 1;
                while (run < to && isPlainAscii(b[run])) {
                    run++;
                }
                out.append(b, i, run);
                i = run;
                continue;
            }
            int n = c < 0x80 ? 0 : sequenceLength(b, i, to);
            if (n == 0 || n == 2 && c == 0xc2 && (b[i + 1] & 0xff) < 0xa0) {
                // A control byte, a byte outside valid UTF-8, or a C1 control (C2 80..C2 9F).
                int escaped = n == 0 ? 1 : 2;
                for (int k = 0; k < escaped; k++) {
                    escape(out, b[i + k] & 0xff);
                }
                i += escaped;
            } else {
                out.append(b, i, i + n);
                i += n;
            }
        }
    }

    private static boolean isPlainAscii(byte b) {
        return b >= 0x20 && b < 0x7f || b == '\t';
    }

    private static void escape(OutputBuffer out, int c) {
        out.append('\\');
        out.append('x');
        out.append(HEX[c >> 4]);
        out.append(HEX[c & 0xf]);
    }

    /**
     * The length of the well-formed UTF-8 sequence of a non-ASCII character at {@code i}
     * (2..4), or 0 if none starts there: a continuation byte, C0, C1, F5..FF, an overlong
     * form, an encoded surrogate, a code point beyond U+10FFFF, or a sequence cut short.
     * These are the ranges of the Unicode Standard's table of well-formed sequences (3.9).
     */
    static int sequenceLength(byte[] b, int i, int to) {
        int c = b[i] & 0xff;
        int n;
        int secondLow = 0x80;
        int secondHigh = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 3;
            if (c == 0xe0) {
                secondLow = 0xa0;
            } else if (c == 0xed) {
                secondHigh = 0x9f;
            }
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 4;
            if (c == 0xf0) {
                secondLow = 0x90;
            } else if (c == 0xf4) {
                secondHigh = 0x8f;
            }
        } else {
            return 0;
        }
        if (i + n > to) {
            return 0;
        }
        int second = b[i + 1] & 0xff;
        if (second < secondLow || second > secondHigh) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            if ((b[i + k] & 0xc0) != 0x80) {
                return 0;
            }
        }
        return n;
    }
}
