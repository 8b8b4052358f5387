package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/**
 * {@code -o short}, like journalctl's short-precise:
 *
 * <pre>
 * Nov 25 16:04:22.123456 err     java[4242/4251]: payment failed
 *                                                 java.lang.IllegalStateException: card declined
 * </pre>
 *
 * and {@code -o short-iso}, the same with the date and the offset in ISO 8601
 * ({@code 2026-11-25T16:04:22.123456+01:00}).
 *
 * Continuation lines of a multi-line message are indented under its first line; one trailing
 * newline of a message ends it rather than adding an empty line. Every byte is shown through
 * {@link SafeText}. On a terminal each line of the message is colored by level, as journalctl
 * does.
 */
final class ShortPrinter implements RecordSink {
    /** The level column: as wide as the longest label, "warning", and a space. */
    private static final int LEVEL_WIDTH = 8;

    private final OutputBuffer out;
    private final boolean color;
    private final TimeText time;

    /** journalctl's short: {@code Nov 25 16:04:22.123456}. */
    static ShortPrinter classic(OutputStream out, boolean color, ZoneId zone) {
        return new ShortPrinter(out, color, new TimeText("MMM dd HH:mm:ss", 6, null, zone));
    }

    /** journalctl's short-iso: {@code 2026-11-25T16:04:22.123456+01:00}. */
    static ShortPrinter iso(OutputStream out, boolean color, ZoneId zone) {
        return new ShortPrinter(out, color, new TimeText("uuuu-MM-dd'T'HH:mm:ss", 6, "xxx", zone));
    }

    private ShortPrinter(OutputStream out, boolean color, TimeText time) {
        this.out = new OutputBuffer(out);
        this.color = color;
        this.time = time;
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
        time.append(out, r.timestampNanos());
        out.append(' ');
        String label = r.level().label();
        out.appendAscii(label);
        out.appendSpaces(LEVEL_WIDTH - label.length());
        appendSource(r);
        int indent = out.columnsSince(start);
        TextMessage.append(out, r.payload(), indent, color ? colorOf(r.level()) : TextMessage.NO_TINT);
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
