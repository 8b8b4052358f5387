package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.Cursor;
import io.github.kernellogger.reader.read.RecordFields;
import io.github.kernellogger.reader.read.Reload;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Set;

/**
 * {@code -o verbose}, like journalctl's: a line with the time the record was written, to the
 * nanosecond, and the record's cursor, then every field of the record on a line of its own,
 * indented, in the order of {@link RecordFields}:
 *
 * <pre>
 * Wed 2026-11-25 16:04:22.123456789 CET [instance=5c0e...;seq=5]
 *     _PID=4242
 *     _TID=4251
 *     _UID=1000
 *     _GID=1000
 *     _COMM=KernelDevice
 *     _CGROUP_ID=5213
 *     _SYSTEMD_CGROUP=/system.slice/payments.service
 *     _SYSTEMD_UNIT=payments.service
 *     _SYSTEMD_SLICE=system.slice
 *     _SOURCE_REALTIME_TIMESTAMP=1795622662123401
 *     PRIORITY=3
 *     TAG=com.acme.Payments
 *     THREAD=main
 *     MESSAGE=payment failed
 *             java.lang.IllegalStateException: card declined
 * </pre>
 *
 * The fields the kernel stamped come first, named as journald names its trusted fields (a
 * leading '_', which a writer's field may not have); then the writer's: its level, its fields,
 * its message. Continuation lines of a value are indented under its first line. Values are shown
 * through {@link SafeText}. With --output-fields, only the fields named are shown, under the same
 * first line.
 */
final class VerbosePrinter extends LinePrinter {
    private static final byte[] INDENT = "    ".getBytes(StandardCharsets.US_ASCII);

    private final TimeText time;
    /** The fields to show; null for all. */
    private final Set<String> chosen;
    private final RecordFields.Visitor fields = new RecordFields.Visitor() {
        @Override
        public void number(String key, long value) {
            if (chosen != null && !chosen.contains(key)) {
                return;
            }
            out.append(INDENT);
            out.appendAscii(key);
            out.append('=');
            out.appendDecimal(value);
            out.append('\n');
        }

        @Override
        public void bytes(String key, byte[] value) {
            if (chosen != null && !chosen.contains(key)) {
                return;
            }
            out.append(INDENT);
            out.appendAscii(key);
            out.append('=');
            TextMessage.append(out, value, INDENT.length + key.length() + 1, TextMessage.NO_TINT);
            out.append('\n');
        }
    };
    private RecordFields recordFields = new RecordFields(CgroupNames.NONE);
    /** The load id of the records now, for their cursors. */
    private String instance;

    /** @param chosen the fields to show (--output-fields); null for every one */
    VerbosePrinter(OutputStream out, ZoneId zone, Set<String> chosen) {
        super(out);
        this.time = new TimeText("EEE uuuu-MM-dd HH:mm:ss", 9, "' 'zzz", zone);
        this.chosen = chosen;
    }

    @Override
    public void cgroups(CgroupNames names) {
        recordFields = new RecordFields(names);
    }

    @Override
    public void begin(String instance) {
        this.instance = instance;
    }

    @Override
    public void record(LogRecord r) throws IOException {
        time.append(out, r.timestampNanos());
        out.appendAscii(" [");
        out.appendAscii(new Cursor(r.seq(), instance).text());
        out.appendAscii("]\n");
        recordFields.visit(r, fields);
        out.endRecord();
    }

    @Override
    public void reload(Reload r) throws IOException {
        instance = r.instance();
        super.reload(r);
    }
}
