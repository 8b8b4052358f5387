package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.Cursor;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/**
 * {@code -o verbose}, like journalctl's: a line with the time, to the nanosecond, and the
 * record's cursor, then every field of the record on a line of its own, indented:
 *
 * <pre>
 * Wed 2026-11-25 16:04:22.123456789 CET [seq=5]
 *     _PID=4242
 *     _TID=4251
 *     _UID=1000
 *     _GID=1000
 *     _COMM=java
 *     PRIORITY=3
 *     MESSAGE=payment failed
 *             java.lang.IllegalStateException: card declined
 * </pre>
 *
 * The fields the kernel stamped come first, named as journald names its trusted fields (a
 * leading '_', which a writer's field may not have); then the writer's: its level and its
 * message. Continuation lines of a value are indented under its first line. Values are shown
 * through {@link SafeText}.
 */
final class VerbosePrinter implements RecordSink {
    private static final byte[] INDENT = "    ".getBytes(StandardCharsets.US_ASCII);

    private final OutputBuffer out;
    private final TimeText time;

    VerbosePrinter(OutputStream out, ZoneId zone) {
        this.out = new OutputBuffer(out);
        this.time = new TimeText("EEE uuuu-MM-dd HH:mm:ss", 9, "' 'zzz", zone);
    }

    @Override
    public void record(LogRecord r) throws IOException {
        time.append(out, r.timestampNanos());
        out.appendAscii(" [");
        out.appendAscii(new Cursor(r.seq(), null).text());
        out.appendAscii("]\n");
        appendKernelFields(r);
        appendWriterFields(r);
        out.endRecord();
    }

    /** What the kernel stamped: who wrote the record. */
    private void appendKernelFields(LogRecord r) {
        field("_PID", r.pid());
        field("_TID", r.tid());
        field("_UID", r.uid());
        field("_GID", r.gid());
        field("_COMM", r.comm().getBytes(StandardCharsets.UTF_8));
    }

    /** What the writer said: its level and its message, last, as it may take many lines. */
    private void appendWriterFields(LogRecord r) {
        field("PRIORITY", r.level().code());
        field("MESSAGE", r.payload());
    }

    private void field(String key, long value) {
        out.append(INDENT);
        out.appendAscii(key);
        out.append('=');
        out.appendDecimal(value);
        out.append('\n');
    }

    private void field(String key, byte[] value) {
        out.append(INDENT);
        out.appendAscii(key);
        out.append('=');
        TextMessage.append(out, value, INDENT.length + key.length() + 1, TextMessage.NO_TINT);
        out.append('\n');
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
