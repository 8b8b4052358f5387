package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.RecordField;
import io.github.kernellogger.reader.read.Cgroup;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordFields;
import io.github.kernellogger.reader.read.RecordSink;
import io.github.kernellogger.reader.read.Reload;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code -o export}: the Journal Export Format (https://systemd.io/JOURNAL_EXPORT_FORMATS/), what
 * {@code journalctl -o export} writes and {@code systemd-journal-remote} reads, one entry a record:
 *
 * <pre>
 * __REALTIME_TIMESTAMP=1795622662124456       the time the kernel stamped, in µs
 * _SOURCE_REALTIME_TIMESTAMP=1795622662124401 the event's own time, where the writer gave one
 * _LOGGER_INSTANCE=5c0e...                    the module's load id, where it has one
 * _LOGGER_SEQ=5                               the record's seq: with the load id, its identity
 * _PID=4242  TID=4251  _UID=1000  _GID=1000  _COMM=KernelDevice  _CGROUP_ID=5213 (where known)
 * _SYSTEMD_CGROUP=/system.slice/payments.service  _SYSTEMD_UNIT=payments.service
 * _SYSTEMD_SLICE=system.slice ...             what the cgroup id names, where it can be named
 * PRIORITY=3
 * SYSLOG_IDENTIFIER=com.acme.Payments         the writer's TAG, else the comm
 * TAG=com.acme.Payments  THREAD=main ...      the writer's fields ({@link JournalFieldNames})
 * MESSAGE=payment failed
 * (an empty line)
 * </pre>
 *
 * <p>journald's own names for what a cgroup names ({@code _SYSTEMD_UNIT} and the others of
 * {@link RecordFields}) let {@code journalctl -u} find the records of a unit in the journal they
 * go into. With --output-fields only the fields named are written, beside the entry's time and
 * identity ({@code __REALTIME_TIMESTAMP}, {@code _LOGGER_INSTANCE}, {@code _LOGGER_SEQ}), as
 * journalctl always writes its cursor and time.
 *
 * <p>The times are as journald has them: {@code __REALTIME_TIMESTAMP} is when the journal
 * received the entry, which for a record is when the kernel took it (a stamp no writer can
 * forge, in seq order unless the clock was set back), and {@code _SOURCE_REALTIME_TIMESTAMP} the
 * earlier time of the event, which journalctl shows in its place, as it does for journald's own
 * entries. These are the names {@code -o verbose} shows (RecordFields), but the thread: systemd
 * names it {@code TID} and has no trusted field for it. There is no
 * {@code __MONOTONIC_TIMESTAMP} (a record has no monotonic stamp, and one is meaningless without
 * the {@code _BOOT_ID} of its boot, which a saved log does not know), nor a {@code __CURSOR}: the
 * format leaves those to entries read from a journal file, and journal-remote ignores them.
 * {@code _LOGGER_INSTANCE} and {@code _LOGGER_SEQ} tell a record sent twice; starting with
 * {@code _}, like every field the kernel stamped, no writer's field can pass for them.
 *
 * <p>A value is written {@code NAME=value} when it is valid UTF-8 without control characters
 * (C0 but tab, DEL, C1), as journalctl does; any other (a line break, a byte that is not UTF-8,
 * an escape) in the format's binary-safe form: the name, a newline, the length as a 64-bit
 * little-endian number, the bytes, a newline. The bytes are exactly those written, but for the
 * message's one trailing newline (of {@code echo} or a layout's {@code %n}), which is dropped as
 * the text formats drop it and journald drops it from lines it reads.
 *
 * <p>A loss and a reload are entries too, in the reader's own words: {@code MESSAGE} is the line
 * the text formats print, {@code SYSLOG_IDENTIFIER=logger-reader}, a {@code MESSAGE_ID} of its
 * own ({@link #GAP_MESSAGE_ID}, {@link #RELOAD_MESSAGE_ID}) and the numbers of {@code -o json}
 * ({@code _LOGGER_LOST}, {@code _LOGGER_FIRST_LOST_SEQ}, {@code _LOGGER_LAST_LOST_SEQ};
 * {@code _LOGGER_PREVIOUS_INSTANCE}, {@code _LOGGER_INSTANCE}). Every entry needs a
 * {@code __REALTIME_TIMESTAMP} (journal-remote drops the first one without), and a loss has none
 * of its own: it takes that of the record after it, which it comes before, or at a flush with no
 * record after it yet, that of the record before it, or the clock's if there was none.
 */
final class ExportPrinter implements RecordSink {
    /** {@code journalctl MESSAGE_ID=...} finds the records lost, over every host's logs. */
    static final String GAP_MESSAGE_ID = "4a72d5920f2b44c1b5c17ee24c199473";
    /** Likewise for the module's reloads. */
    static final String RELOAD_MESSAGE_ID = "4d7e131998eb48b9aec0a80d06977b90";

    private final OutputBuffer out;
    private final Clock clock;
    private final JournalFieldNames names = new JournalFieldNames();
    /** The load id of the records now. */
    private String instance;
    /** Losses and reloads not yet written: they wait for the time of the record after them. */
    private final List<Object> pending = new ArrayList<>();
    /** The time of the last record written, in µs; -1 before the first. */
    private long lastMicros = -1;

    /** The fields to show (--output-fields); null for every one. */
    private final Set<String> chosen;
    private CgroupNames cgroups = CgroupNames.NONE;
    private final RecordFields.Visitor cgroupFields = new RecordFields.Visitor() {
        @Override
        public void number(String key, long value) {
            ExportPrinter.this.number(key, value);
        }

        @Override
        public void bytes(String key, byte[] value) {
            if (shows(key)) {
                value(key, value, value.length);
            }
        }
    };

    ExportPrinter(OutputStream out, Clock clock) {
        this(out, clock, null);
    }

    /** @param chosen the fields to show (--output-fields) beside the entry's time and identity; null for all */
    ExportPrinter(OutputStream out, Clock clock, Set<String> chosen) {
        this.out = new OutputBuffer(out);
        this.clock = clock;
        this.chosen = chosen;
    }

    @Override
    public void cgroups(CgroupNames names) {
        cgroups = names;
    }

    /** Whether the field that -o verbose names {@code name} is to be written. */
    private boolean shows(String name) {
        return chosen == null || chosen.contains(name);
    }

    @Override
    public void begin(String instance) {
        this.instance = instance;
    }

    @Override
    public void record(LogRecord r) throws IOException {
        long micros = Math.floorDiv(r.timestampNanos(), 1000);
        writePending(micros);
        number("__REALTIME_TIMESTAMP", micros);
        if (r.sourceTimestampNanos() != 0 && shows("_SOURCE_REALTIME_TIMESTAMP")) {
            number("_SOURCE_REALTIME_TIMESTAMP", Math.floorDiv(r.sourceTimestampNanos(), 1000));
        }
        if (instance != null) {
            ascii("_LOGGER_INSTANCE", instance);
        }
        number("_LOGGER_SEQ", r.seq());
        if (shows("_PID")) {
            number("_PID", r.pid());
        }
        if (shows("_TID")) {
            number("TID", r.tid());
        }
        if (shows("_UID")) {
            number("_UID", r.uid());
        }
        if (shows("_GID")) {
            number("_GID", r.gid());
        }
        if (shows("_COMM")) {
            value("_COMM", r.commBytes(), r.commBytes().length);
        }
        if (r.cgroupId() != 0) {
            if (shows("_CGROUP_ID")) {
                number("_CGROUP_ID", r.cgroupId());
            }
            Cgroup c = cgroups.name(r.cgroupId());
            if (c != null) {
                RecordFields.visit(c, cgroupFields);
            }
        }
        if (shows("PRIORITY")) {
            number("PRIORITY", r.level().code());
        }
        if (chosen == null || chosen.contains("SYSLOG_IDENTIFIER")) {
            byte[] identifier = tag(r.fields());
            if (identifier == null) {
                identifier = r.commBytes();
            }
            value("SYSLOG_IDENTIFIER", identifier, identifier.length);
        }
        for (RecordField f : r.fields()) {
            if (shows(f.key())) {
                byte[] v = f.value();
                value(names.name(f.key()), v, v.length);
            }
        }
        if (!shows("MESSAGE")) {
            out.append('\n');
            out.endRecord();
            lastMicros = micros;
            return;
        }
        byte[] payload = r.payload();
        value("MESSAGE", payload, TextMessage.end(payload));
        out.append('\n');
        out.endRecord();
        lastMicros = micros;
    }

    /** The value of the first TAG field, or null. */
    private static byte[] tag(List<RecordField> fields) {
        for (RecordField f : fields) {
            if (f.key().equals("TAG")) {
                return f.value();
            }
        }
        return null;
    }

    @Override
    public void gap(Gap g) {
        pending.add(g);
    }

    @Override
    public void reload(Reload r) {
        pending.add(r);
        instance = r.instance();
    }

    /** Writes the losses and reloads that wait, at {@code micros}. */
    private void writePending(long micros) throws IOException {
        for (int i = 0; i < pending.size(); i++) {
            Object p = pending.get(i);
            if (p instanceof Gap g) {
                readerEntry(micros, 4, GAP_MESSAGE_ID, g.describe());
                String in = instanceAt(i);
                if (in != null) {
                    ascii("_LOGGER_INSTANCE", in);
                }
                number("_LOGGER_LOST", g.lost());
                number("_LOGGER_FIRST_LOST_SEQ", g.firstSeq());
                number("_LOGGER_LAST_LOST_SEQ", g.lastSeq());
            } else if (p instanceof Reload r) {
                readerEntry(micros, 5, RELOAD_MESSAGE_ID, r.describe());
                if (r.previousInstance() != null) {
                    ascii("_LOGGER_PREVIOUS_INSTANCE", r.previousInstance());
                }
                if (r.instance() != null) {
                    ascii("_LOGGER_INSTANCE", r.instance());
                }
            }
            out.append('\n');
            out.endRecord();
        }
        pending.clear();
    }

    /**
     * The load of the loss that waits at {@code at}: the instance now, unless a reload waits after
     * it, in which case that reload's previous one.
     */
    private String instanceAt(int at) {
        for (int i = at + 1; i < pending.size(); i++) {
            if (pending.get(i) instanceof Reload r) {
                return r.previousInstance();
            }
        }
        return instance;
    }

    /** The fields every entry of the reader's own has. */
    private void readerEntry(long micros, int priority, String messageId, String message) {
        number("__REALTIME_TIMESTAMP", micros);
        ascii("PRIORITY", Integer.toString(priority));
        ascii("SYSLOG_IDENTIFIER", "logger-reader");
        ascii("MESSAGE_ID", messageId);
        ascii("MESSAGE", message);
    }

    private void number(String name, long value) {
        out.appendAscii(name);
        out.append('=');
        out.appendDecimal(value);
        out.append('\n');
    }

    /** A value of ours: ASCII without controls. */
    private void ascii(String name, String value) {
        out.appendAscii(name);
        out.append('=');
        out.appendAscii(value);
        out.append('\n');
    }

    /** Bytes {@code 0..length} of {@code value}, as text if they are text, else binary-safe. */
    private void value(String name, byte[] value, int length) {
        out.appendAscii(name);
        if (isText(value, length)) {
            out.append('=');
            out.append(value, 0, length);
        } else {
            out.append('\n');
            out.claim(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length);
            out.append(value, 0, length);
        }
        out.append('\n');
    }

    /** Valid UTF-8 without a control character but tab: what journalctl writes as NAME=value. */
    static boolean isText(byte[] b, int length) {
        int i = 0;
        while (i < length) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    return false;
                }
                i++;
            } else {
                int n = SafeText.sequenceLength(b, i, length);
                if (n == 0 || c == 0xc2 && (b[i + 1] & 0xff) < 0xa0) {
                    return false; // not UTF-8, or a C1 control (C2 80..C2 9F)
                }
                i += n;
            }
        }
        return true;
    }

    @Override
    public void flush() throws IOException {
        if (!pending.isEmpty()) {
            writePending(lastMicros >= 0 ? lastMicros : Math.multiplyExact(clock.millis(), 1000));
        }
        out.flush();
    }
}
