package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import io.github.kernellogger.device.SyslogLevel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
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
 * Continuation lines of a multi-line message are indented under its first line. On a terminal
 * the line is colored by level, as journalctl does.
 */
final class ShortPrinter implements RecordSink {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MMM dd HH:mm:ss.SSSSSS", Locale.ROOT);
    private static final String RESET = "\u001b[0m";

    private final Writer out;
    private final boolean color;
    private final ZoneId zone;

    ShortPrinter(OutputStream out, boolean color, ZoneId zone) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        this.color = color;
        this.zone = zone;
    }

    /** journalctl's colors: red for errors and worse (bold from crit up), yellow for warnings. */
    private static String colorOf(SyslogLevel level) {
        return switch (level) {
            case EMERG, ALERT, CRIT -> "\u001b[1;31m";
            case ERR -> "\u001b[31m";
            case WARNING -> "\u001b[33m";
            case NOTICE -> "\u001b[1m";
            case INFO -> "";
            case DEBUG -> "\u001b[2m";
        };
    }

    @Override
    public void record(LogRecord r) throws IOException {
        StringBuilder line = new StringBuilder(96 + r.payload().length);
        line.append(TIME.format(r.timestamp().atZone(zone))).append(' ');
        String label = r.level().label();
        line.append(label);
        for (int i = label.length(); i < 8; i++) {
            line.append(' ');
        }
        line.append(r.comm()).append('[').append(r.pid()).append('/').append(r.tid()).append("]: ");
        int indent = line.length();
        String tint = color ? colorOf(r.level()) : "";
        String message = r.message();
        int start = 0;
        for (;;) {
            int nl = message.indexOf('\n', start);
            String part = nl < 0 ? message.substring(start) : message.substring(start, nl);
            if (start > 0) {
                line.append('\n');
                line.append(" ".repeat(indent));
            }
            if (!tint.isEmpty()) {
                line.append(tint).append(part).append(RESET);
            } else {
                line.append(part);
            }
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        out.append(line).append('\n');
    }

    @Override
    public void gap(Gap g) throws IOException {
        out.append(g.describe()).append('\n');
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
