package io.github.kernellogger.reader.output;

/**
 * A message, or any value, as the text formats show it: line by line, continuation lines
 * indented under the first, without the one trailing newline that ends a message written by
 * {@code echo} or a layout with {@code %n} (it would show as an empty last line), every byte
 * through {@link SafeText}.
 */
final class TextMessage {
    private TextMessage() {}

    /** Nothing to tint with. */
    static final byte[] NO_TINT = new byte[0];

    private static final byte[] RESET = {0x1b, '[', '0', 'm'};

    /** Where the shown message ends: before one trailing newline, if there is one. */
    static int end(byte[] payload) {
        int n = payload.length;
        return n > 0 && payload[n - 1] == '\n' ? n - 1 : n;
    }

    /**
     * Appends {@code text}: continuation lines indented by {@code indent} columns (an empty line
     * gets no blanks), each line that is not empty between {@code tint} and a reset, if a tint
     * is given. No newline after the last line.
     */
    static void append(OutputBuffer out, byte[] text, int indent, byte[] tint) {
        int end = end(text);
        int from = 0;
        for (;;) {
            int nl = lineEnd(text, from, end);
            if (from > 0) {
                out.append('\n');
                if (nl > from) {
                    out.appendSpaces(indent);
                }
            }
            if (nl > from && tint.length > 0) {
                out.append(tint);
                SafeText.append(out, text, from, nl);
                out.append(RESET);
            } else {
                SafeText.append(out, text, from, nl);
            }
            if (nl == end) {
                return;
            }
            from = nl + 1;
        }
    }

    /** Where the line that starts at {@code from} ends: at the next newline, or at {@code end}. */
    private static int lineEnd(byte[] text, int from, int end) {
        for (int i = from; i < end; i++) {
            if (text[i] == '\n') {
                return i;
            }
        }
        return end;
    }
}
