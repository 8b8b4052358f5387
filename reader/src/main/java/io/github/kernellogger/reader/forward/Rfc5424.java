package io.github.kernellogger.reader.forward;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.RecordField;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.output.OutputBuffer;
import io.github.kernellogger.reader.read.Cgroup;
import io.github.kernellogger.reader.read.CgroupNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * Records as RFC 5424 syslog messages:
 * <pre>
 *   &lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG
 * </pre>
 * PRI is the facility times 8 plus the record's level; TIMESTAMP the event's own time where the
 * writer gave one, else the kernel's, in RFC 3339 with microseconds and the local offset;
 * APP-NAME the record's TAG, else the writer's comm; PROCID its pid; MSGID nil. The structured
 * data holds two elements of our own (32473 is the Private Enterprise Number RFC 5612 sets aside
 * for examples: see docs/shipping.md): {@value #SD_ID} with what the kernel stamped (the kernel's own
 * fields among it: {@code _OPENER_UID} as {@code opener_uid}), the module's load id and the seq
 * (together a record's identity, by which a receiver drops a duplicate), what its cgroup id
 * names where it can be named ({@code unit}, {@code slice}, {@code container_id}), and
 * {@value #FIELDS_SD_ID} with the writer's fields, one SD-PARAM each, in order. MSG is the
 * payload's bytes as written, without a BOM (see docs/shipping.md: a receiver keeps a BOM as part of the
 * message).
 *
 * <p>Losses and reloads are messages of APP-NAME {@code logger-reader}, MSGID {@code gap} or
 * {@code reload}, whose MSG is the line the reader prints and whose structured data holds the
 * numbers.
 *
 * <p>For a receiver that takes one message a line (newline framing), a line feed in MSG or in a
 * value becomes {@code #012}, as rsyslog escapes control characters on receipt, and the message
 * stays one line.
 */
final class Rfc5424 {
    /** What the kernel stamped on a record, and its identity. */
    static final String SD_ID = "kernelLogger@32473";
    /** The writer's fields. */
    static final String FIELDS_SD_ID = "fields@32473";
    /** The shortest maximum a receiver must take (RFC 5424, 6.1). */
    static final int SMALLEST_MAX = 480;

    private static final int APP_NAME_MAX = 48;
    private static final int HOSTNAME_MAX = 255;
    private static final int SD_NAME_MAX = 32;
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.", Locale.ROOT);
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("XXX", Locale.ROOT);

    private final int facility;
    private final byte[] hostname;
    private final ZoneId zone;
    private final int maxSize;
    /** Line feeds become #012: the message is framed by a line feed. */
    private final boolean escapeLineFeeds;
    private final String forwarderPid = Long.toString(ProcessHandle.current().pid());

    /** The second whose text is kept, and its text before and after the microseconds. */
    private long second = Long.MIN_VALUE;
    private byte[] secondText;
    private byte[] offsetText;

    /** How many writers, and sets of fields, are kept made. */
    private static final int CACHED = 256;
    private final Map<Writer, byte[]> writers = new HashMap<>();
    /** By fields (or, for none, the comm): APP-NAME, and the fields' SD-ELEMENT. */
    private final Map<Object, byte[][]> fieldParts = new HashMap<>();

    /** The parts of the message being made that depend on its writer and fields. */
    private CgroupNames cgroups = CgroupNames.NONE;
    private int pid = -1;
    private byte[] procId;
    private byte[] writerParams;
    private byte[] appName;
    private byte[] fieldsElement;
    private String instanceOfParam;
    private byte[] instanceParam;

    /**
     * @param facility 0..23
     * @param hostname the host's name, made PRINTUSASCII here
     * @param maxSize the most bytes of one message; longer ones lose the end of their MSG
     * @param escapeLineFeeds whether a line feed becomes {@code #012}, for newline framing
     */
    Rfc5424(int facility, String hostname, ZoneId zone, int maxSize, boolean escapeLineFeeds) {
        this.facility = facility;
        this.hostname = printable(hostname, HOSTNAME_MAX, false).getBytes(StandardCharsets.US_ASCII);
        this.zone = zone;
        this.maxSize = maxSize;
        this.escapeLineFeeds = escapeLineFeeds;
    }

    /** Writes the message of {@code r}, of the load {@code instance} (null for none), into {@code m}. */
    void record(LogRecord r, String instance, OutputBuffer m) {
        write(r, instance, m, false);
        if (m.length() > maxSize) {
            write(r, instance, m, true);
        }
    }

    private void write(LogRecord r, String instance, OutputBuffer m, boolean cut) {
        m.truncate(0);
        writer(r);
        header(m, r.level().code(), r.eventTime());
        m.append(appName);
        m.append((byte) ' ');
        m.append(procId);
        m.appendAscii(" - [");
        m.appendAscii(SD_ID);
        if (instance != null) {
            if (!instance.equals(instanceOfParam)) {
                OutputBuffer b = OutputBuffer.scratch();
                param(b, "instance", instance);
                instanceParam = b.toByteArray();
                instanceOfParam = instance;
            }
            m.append(instanceParam);
        }
        m.appendAscii(" seq=\"");
        m.appendDecimal(r.seq());
        m.append((byte) '"');
        m.append(writerParams);
        if (cut) {
            param(m, "truncated", Integer.toString(r.payload().length));
        }
        m.append((byte) ']');
        int beforeFields = m.length();
        m.append(fieldsElement);
        if (cut && m.length() > maxSize - 64) {
            m.truncate(beforeFields); // the fields alone are too long: keep the message's start
        }
        byte[] payload = r.payload();
        if (payload.length > 0) {
            m.append((byte) ' ');
            int end = payload.length;
            if (cut) {
                int budget = Math.max(0, maxSize - m.length());
                end = 0;
                for (int used = 0; end < payload.length; end++) {
                    used += escapeLineFeeds && payload[end] == '\n' ? ESCAPED_LF.length : 1;
                    if (used > budget) {
                        break;
                    }
                }
                while (end > 0 && end < payload.length && (payload[end] & 0xC0) == 0x80) {
                    end--; // not inside a UTF-8 sequence
                }
            }
            append(m, payload, 0, end);
        }
    }

    /** What a line feed becomes under newline framing: rsyslog's escape of a control character. */
    private static final byte[] ESCAPED_LF = {'#', '0', '1', '2'};

    /** Bytes {@code from..to} of {@code b}, each line feed escaped if the framing needs it. */
    private void append(OutputBuffer m, byte[] b, int from, int to) {
        if (!escapeLineFeeds) {
            m.append(b, from, to);
            return;
        }
        int start = from;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                m.append(b, start, i);
                m.append(ESCAPED_LF);
                start = i + 1;
            }
        }
        m.append(b, start, to);
    }

    /** What names the records' cgroups: their units go with them. */
    void cgroups(CgroupNames names) {
        cgroups = names;
        writers.clear();
    }

    /**
     * Finds what depends on the writer and its fields only, made once per writer and per set of
     * fields: records come from a few threads, whose TAG and THREAD repeat.
     */
    private void writer(LogRecord r) {
        if (r.pid() != pid) {
            pid = r.pid();
            procId = Integer.toString(pid).getBytes(StandardCharsets.US_ASCII);
        }
        List<RecordField> stamped = kernelFields(r.fields());
        Writer w = new Writer(r.tid(), r.uid(), r.gid(), r.cgroupId(), ByteBuffer.wrap(r.commBytes()), stamped);
        writerParams = cached(writers, w, () -> {
            OutputBuffer b = OutputBuffer.scratch();
            param(b, "tid", Integer.toString(r.tid()));
            param(b, "comm", r.comm());
            param(b, "uid", Long.toString(r.uid()));
            param(b, "gid", Long.toString(r.gid()));
            param(b, "cgroup_id", Long.toString(r.cgroupId()));
            // The kernel's own fields (_OPENER_UID is opener_uid): stamped, not the writer's word.
            for (RecordField f : stamped) {
                param(b, paramName(f.key().substring(1).toLowerCase(Locale.ROOT)), f.valueText());
            }
            Cgroup c = r.cgroupId() == 0 ? null : cgroups.name(r.cgroupId());
            if (c != null && c.unit() != null) {
                param(b, "unit", c.unit());
            }
            if (c != null && c.slice() != null) {
                param(b, "slice", c.slice());
            }
            if (c != null && c.containerId() != null) {
                param(b, "container_id", c.containerId());
            }
            return b.toByteArray();
        });
        // APP-NAME is the TAG, else the comm: the comm is part of the key only without fields.
        Object key = r.fields().isEmpty() ? w.comm() : r.fields();
        byte[][] parts = cached(fieldParts, key, () -> {
            OutputBuffer b = OutputBuffer.scratch();
            if (r.fields().size() > stamped.size()) {
                b.append((byte) '[');
                b.appendAscii(FIELDS_SD_ID);
                for (RecordField f : r.fields()) {
                    if (!f.kernelStamped()) {
                        param(b, paramName(f.key()), f.valueText());
                    }
                }
                b.append((byte) ']');
            }
            return new byte[][] {appName(r).getBytes(StandardCharsets.US_ASCII), b.toByteArray()};
        });
        appName = parts[0];
        fieldsElement = parts[1];
    }

    /** The writer's part of the structured data, as a key. */
    private record Writer(int tid, long uid, long gid, long cgroupId, ByteBuffer comm,
            List<RecordField> stamped) {}

    /** The fields among {@code fields} the kernel stamped: none, but on a passed file. */
    private static List<RecordField> kernelFields(List<RecordField> fields) {
        if (fields.isEmpty() || !fields.get(0).kernelStamped()) {
            return List.of(); // the kernel's come first
        }
        List<RecordField> out = new ArrayList<>(2);
        for (RecordField f : fields) {
            if (f.kernelStamped()) {
                out.add(f);
            }
        }
        return out;
    }

    /** {@code cache}'s value for {@code key}, made if missing; a full cache starts over. */
    private static <K, V> V cached(Map<K, V> cache, K key, Supplier<V> make) {
        V v = cache.get(key);
        if (v == null) {
            if (cache.size() >= CACHED) {
                cache.clear();
            }
            v = make.get();
            cache.put(key, v);
        }
        return v;
    }

    /** The message telling of a loss, from the forwarder itself. */
    void gap(String instance, long lost, long firstSeq, long lastSeq, String line, Instant now, OutputBuffer m) {
        m.truncate(0);
        header(m, SyslogLevel.WARNING.code(), now, "logger-reader", forwarderPid, "gap");
        m.append((byte) '[');
        m.appendAscii(SD_ID);
        if (instance != null) {
            param(m, "instance", instance);
        }
        param(m, "lost", Long.toString(lost));
        param(m, "first_lost_seq", Long.toString(firstSeq));
        param(m, "last_lost_seq", Long.toString(lastSeq));
        m.appendAscii("] ");
        m.appendUtf8(line);
    }

    /** The message telling that the module was reloaded, from the forwarder itself. */
    void reload(String previousInstance, String instance, String line, Instant now, OutputBuffer m) {
        m.truncate(0);
        header(m, SyslogLevel.NOTICE.code(), now, "logger-reader", forwarderPid, "reload");
        m.append((byte) '[');
        m.appendAscii(SD_ID);
        if (previousInstance != null) {
            param(m, "previous_instance", previousInstance);
        }
        if (instance != null) {
            param(m, "instance", instance);
        }
        m.appendAscii("] ");
        m.appendUtf8(line);
    }

    /** PRI, VERSION, TIMESTAMP, HOSTNAME, APP-NAME, PROCID, MSGID, each followed by a space. */
    private void header(OutputBuffer m, int severity, Instant time, String appName, String procId, String msgId) {
        header(m, severity, time);
        m.appendAscii(appName);
        m.append((byte) ' ');
        m.appendAscii(procId);
        m.append((byte) ' ');
        m.appendAscii(msgId);
        m.append((byte) ' ');
    }

    /** PRI, VERSION, TIMESTAMP and HOSTNAME, each followed by a space. */
    private void header(OutputBuffer m, int severity, Instant time) {
        m.append((byte) '<');
        m.appendDecimal(facility * 8L + severity);
        m.appendAscii(">1 ");
        timestamp(m, time);
        m.append((byte) ' ');
        m.append(hostname);
        m.append((byte) ' ');
    }

    /** RFC 3339 to the microsecond, in the local zone with its offset; a second's text is kept. */
    private void timestamp(OutputBuffer m, Instant time) {
        long s = time.getEpochSecond();
        if (s != second) {
            ZoneOffset offset = zone.getRules().getOffset(time);
            LocalDateTime local = LocalDateTime.ofEpochSecond(s, 0, offset);
            secondText = SECOND.format(local).getBytes(StandardCharsets.US_ASCII);
            offsetText = OFFSET.format(offset).getBytes(StandardCharsets.US_ASCII);
            second = s;
        }
        m.append(secondText);
        int micros = time.getNano() / 1000;
        for (int div = 100_000; div > 0; div /= 10) {
            m.append((byte) ('0' + micros / div % 10));
        }
        m.append(offsetText);
    }

    /** The record's TAG, else its comm, as APP-NAME: PRINTUSASCII, at most 48, its end kept. */
    static String appName(LogRecord r) {
        return printable(r.field("TAG").orElseGet(r::comm), APP_NAME_MAX, true);
    }

    /**
     * {@code text} as a header field: characters outside PRINTUSASCII (33..126) become '_',
     * nil ("-") if empty; longer than {@code max}, its start or (keepEnd) its end, where a Java
     * logger's name says most (com.acme.payments.PaymentService).
     */
    static String printable(String text, int max, boolean keepEnd) {
        if (text.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), max));
        int from = keepEnd ? Math.max(0, text.length() - max) : 0;
        int to = keepEnd ? text.length() : Math.min(text.length(), max);
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            b.append(c >= 33 && c <= 126 ? c : '_');
        }
        return b.toString();
    }

    /**
     * A field's key as PARAM-NAME. Keys are [A-Za-z0-9_.-] (RecordField), all allowed in an
     * SD-NAME; only their length may be too much: a key over 32 characters becomes its first 23,
     * '~', and the 8 hex digits of the CRC-32 of the whole key, so that two long keys stay two.
     */
    static String paramName(String key) {
        if (key.length() <= SD_NAME_MAX) {
            return key;
        }
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.US_ASCII));
        return key.substring(0, SD_NAME_MAX - 9) + "~" + String.format(Locale.ROOT, "%08x", crc.getValue());
    }

    /**
     * {@code  name="value"}, the value in UTF-8 with '"', '\' and ']' escaped (RFC 5424, 6.3.3),
     * and a line feed too under newline framing.
     */
    private void param(OutputBuffer m, String name, String value) {
        m.append((byte) ' ');
        m.appendAscii(name);
        m.appendAscii("=\"");
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        int from = 0;
        for (int i = 0; i < v.length; i++) {
            byte b = v[i];
            if (b == '"' || b == '\\' || b == ']') {
                append(m, v, from, i);
                m.append((byte) '\\');
                from = i;
            }
        }
        append(m, v, from, v.length);
        m.append((byte) '"');
    }
}
