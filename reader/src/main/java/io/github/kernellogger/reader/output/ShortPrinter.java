package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@code -o short}, like journalctl's short-precise:
 *
 * <pre>
 * Nov 25 16:04:22.123456 err     java[4242/4251]: payment failed
 *                                                 java.lang.IllegalStateException: card declined
 * </pre>
 *
 * Continuation lines of a multi-line message are indented under its first line; one trailing
 * newline of a message ends it rather than adding an empty line. Every byte is shown through
 * {@link SafeText}. On a terminal each line of the message is colored by level, as journalctl
 * does.
 */
final class ShortPrinter implements RecordSink {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MMM dd HH:mm:ss.SSSSSS", Locale.ROOT);
    private static final byte[] RESET = "\u001b[0m".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_TINT = new byte[0];
    /** The level column: as wide as the longest label, "warning", and a space. */
    private static final int LEVEL_WIDTH = 8;

    private final OutputBuffer out;
    private final boolean color;
    private final ZoneId zone;

    ShortPrinter(OutputStream out, boolean color, ZoneId zone) {
        this.out = new OutputBuffer(out);
        this.color = color;
        this.zone = zone;
    }

    /** journalctl's colors: red for errors and worse (bold from crit up), yellow for warnings. */
    private static byte[] colorOf(SyslogLevel level) {
        String sgr = switch (level) {
            case EMERG, ALERT, CRIT -> "\u001b[1;31m";
            case ERR -> "\u001b[31m";
            case WARNING -> "\u001b[33m";
            case NOTICE -> "\u001b[1m";
            case INFO -> "";
            case DEBUG -> "\u001b[2m";
        };
        return sgr.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void record(LogRecord r) throws IOException {
        int start = out.length();
        out.appendAscii(TIME.format(r.timestamp().atZone(zone)));
        out.append(' ');
        String label = r.level().label();
        out.appendAscii(label);
        out.appendSpaces(LEVEL_WIDTH - label.length());
        appendSource(r);
        int indent = out.columnsSince(start);
        appendMessage(r.payload(), indent, color ? colorOf(r.level()) : NO_TINT);
        out.append('\n');
        out.endRecord();
    }

    /** Who wrote it, as the kernel stamped it: {@code comm[pid/tid]: }. */
    private void appendSource(LogRecord r) {
        byte[] comm = r.comm().getBytes(StandardCharsets.UTF_8);
        SafeText.append(out, comm, 0, comm.length);
        out.append('[');
        out.appendDecimal(r.pid());
        out.append('/');
        out.appendDecimal(r.tid());
        out.appendAscii("]: ");
    }

    /**
     * The message, line by line: continuation lines indented by {@code indent} columns (an empty
     * line gets no blanks), each line tinted by {@code tint} if it is not empty.
     */
    private void appendMessage(byte[] payload, int indent, byte[] tint) {
        int end = TextMessage.end(payload);
        int from = 0;
        for (;;) {
            int nl = TextMessage.lineEnd(payload, from, end);
            if (from > 0) {
                out.append('\n');
                if (nl > from) {
                    out.appendSpaces(indent);
                }
            }
            if (nl > from && tint.length > 0) {
                out.append(tint);
                SafeText.append(out, payload, from, nl);
                out.append(RESET);
            } else {
                SafeText.append(out, payload, from, nl);
            }
            if (nl == end) {
                return;
            }
            from = nl + 1;
        }
    }

    @Override
    public void gap(Gap g) throws IOException {
        out.appendAscii(g.describe());
        out.append('\n');
        out.endRecord();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
