package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.RecordField;
import io.github.kernellogger.device.SyslogLevel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/**
 * {@code -o short}, like journalctl's short-precise:
 *
 * <pre>
 * Nov 25 16:04:22.123456 err     com.acme.Payments[4242/main]: payment failed
 *                                                              java.lang.IllegalStateException: card declined
 * Nov 25 16:04:23.000001 info    python3[4300/4300]: disk 91% full
 * </pre>
 *
 * The time is the event's own when the writer gave one (the appender does), else the kernel's
 * time of writing. The source is the record's {@code TAG} and {@code THREAD} fields when it has
 * a TAG, as logcat shows a tag, with the kernel's tid where it has no THREAD; else the writer as
 * the kernel stamped it, {@code comm[pid/tid]}.
 *
 * and {@code -o short-iso}, the same with the date and the offset in ISO 8601
 * ({@code 2026-11-25T16:04:22.123456+01:00}).
 *
 * Continuation lines of a multi-line message are indented under its first line; one trailing
 * newline of a message ends it rather than adding an empty line. Every byte is shown through
 * {@link SafeText}. On a terminal each line of the message is colored by level, as journalctl
 * does.
 */
final class ShortPrinter extends LinePrinter {
    /** The level column: as wide as the longest label, "warning", and a space. */
    private static final int LEVEL_WIDTH = 8;

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
        super(out);
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
        time.append(out, r.sourceTimestampNanos() != 0 ? r.sourceTimestampNanos() : r.timestampNanos());
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

    /** Who wrote it: {@code TAG[pid/THREAD]: } or {@code comm[pid/tid]: }. */
    private void appendSource(LogRecord r) {
        RecordField tag = null;
        RecordField thread = null;
        for (RecordField f : r.fields()) {
            if (tag == null && f.key().equals("TAG")) {
                tag = f;
            } else if (thread == null && f.key().equals("THREAD")) {
                thread = f;
            }
        }
        appendSafe(tag != null ? tag.value() : r.commBytes());
        out.append('[');
        out.appendDecimal(r.pid());
        out.append('/');
        if (tag != null && thread != null) {
            appendSafe(thread.value());
        } else {
            out.appendDecimal(r.tid());
        }
        out.appendAscii("]: ");
    }

    private void appendSafe(byte[] text) {
        SafeText.append(out, text, 0, text.length);
    }
}
