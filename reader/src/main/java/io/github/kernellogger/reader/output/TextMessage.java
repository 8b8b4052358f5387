package io.github.kernellogger.reader.output;

/**
 * A message as the text formats show it: its lines, without the one trailing newline that
 * ends a message written by {@code echo} or a layout with {@code %n}, which would otherwise show
 * as an empty last line.
 */
final class TextMessage {
    private TextMessage() {}

    /** Where the shown message ends: before one trailing newline, if there is one. */
    static int end(byte[] payload) {
        int n = payload.length;
        return n > 0 && payload[n - 1] == '\n' ? n - 1 : n;
    }

    /** Where the line that starts at {@code from} ends: at the next newline, or at {@code end}. */
    static int lineEnd(byte[] payload, int from, int end) {
        for (int i = from; i < end; i++) {
            if (payload[i] == '\n') {
                return i;
            }
        }
        return end;
    }
}
