package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.RecordField;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.Cgroup;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import io.github.kernellogger.reader.read.Reload;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code -o json}: one object a line with exactly the keys {@code seq}, {@code instance} (the
 * load id of the module the record is from: with the seq, the record's identity, by which a
 * receiver of records sent twice drops one; null where the module has none), {@code time} (ISO-8601
 * UTC, to the nanosecond), {@code ts_ns}, {@code src_time} (the event's own time, likewise, or
 * null where the writer gave none), {@code level} (name), {@code level_num}, {@code pid},
 * {@code tid}, {@code uid}, {@code gid}, {@code comm}, {@code cgroup_id} (0 for none),
 * {@code cgroup} (what the cgroup id names, where it can be named ({@link CgroupNames}):
 * {@code {"path":...,"unit":...,"user_unit":...,"slice":...,"container_id":...}}, each null where
 * there is none; null itself where it cannot be named), {@code fields} (an object: each of the writer's fields, key to value; a key given more than
 * once has the array of its values, as journalctl has it), {@code message}; for a loss,
 * {@code {"type":"gap","lost":N,"first_lost_seq":A,"last_lost_seq":B}}; for a reload,
 * {@code {"type":"reload","previous_instance":X,"instance":Y}} (load ids, or null where not
 * known). The message, the comm and every field value are the bytes exactly as written: a
 * string when they are valid UTF-8, else the array of their byte values ({@link JsonText}).
 *
 * <p>Every object has the same keys in the same order, so it is written from byte constants,
 * numbers and the texts, rather than through a generator that checks each key and comma: a log
 * shipper reads a full ring with this format, and at 0.14 times the speed of {@code -o raw}
 * that generator (Jackson's) made it the slowest part of the pipeline. What repeats from one
 * record to the next is kept rather than formatted again: the writer (records come in runs from
 * one thread), the fields (kept by the set of fields: the appender's TAG and THREAD repeat likewise,
 * and a few threads take turns), the digits of the second, the seq (counted up).
 *
 * <p>With --output-fields, an object has {@code seq}, {@code instance}, {@code time} and
 * {@code ts_ns}, then only the keys of the fields named (by the names -o verbose shows:
 * {@code _PID} is {@code pid}, {@code PRIORITY} {@code level} and {@code level_num}, any of the
 * {@code _SYSTEMD_} fields and {@code _CONTAINER_ID} {@code cgroup}, {@code MESSAGE}
 * {@code message}, a writer's field its key in {@code fields}).
 */
final class JsonPrinter implements RecordSink {
    private static final byte[] SEQ = ascii("{\"seq\":");
    private static final byte[] NO_INSTANCE = ascii(",\"instance\":null");
    private static final byte[] NO_SOURCE_TIME = ascii(",\"src_time\":null");
    private static final byte[] PID = ascii(",\"pid\":");
    private static final byte[] TID = ascii(",\"tid\":");
    private static final byte[] UID = ascii(",\"uid\":");
    private static final byte[] GID = ascii(",\"gid\":");
    private static final byte[] COMM = ascii(",\"comm\":");
    private static final byte[] CGROUP_ID = ascii(",\"cgroup_id\":");
    private static final byte[] NO_CGROUP = ascii(",\"cgroup\":null");
    /** Sets of fields whose JSON is kept: a few threads and loggers take turns. */
    private static final int FIELDS_KEPT = 16;
    private static final byte[] FIELDS = ascii(",\"fields\":{");
    private static final byte[] NO_FIELDS = ascii(",\"fields\":{},\"message\":");
    private static final byte[] MESSAGE = ascii("},\"message\":");
    private static final byte[] END = ascii("}\n");
    /** The level's two fields, whole: {@code ,"level":"err","level_num":3}. */
    private static final byte[][] LEVEL_FIELDS = new byte[SyslogLevel.values().length][];

    static {
        for (SyslogLevel l : SyslogLevel.values()) {
            LEVEL_FIELDS[l.code()] = ascii(",\"level\":\"" + l.label() + "\",\"level_num\":" + l.code());
        }
    }

    private final OutputBuffer out;
    /**
     * The time field and the key after it, in one piece: {@code ,"time":"...Z","ts_ns":}, with
     * always nine fraction digits, so that times sort as text.
     */
    private final TimeText time = new TimeText("',\"time\":\"'uuuu-MM-dd'T'HH:mm:ss", 9,
            "'Z\",\"ts_ns\":'", ZoneOffset.UTC);
    private final TimeText sourceTime = new TimeText("',\"src_time\":\"'uuuu-MM-dd'T'HH:mm:ss", 9,
            "'Z\"'", ZoneOffset.UTC);

    private final DecimalCounter seq = new DecimalCounter();
    /** The fields to show (--output-fields); null for every key. */
    private final Set<String> chosen;
    private CgroupNames cgroups = CgroupNames.NONE;
    /** {@code ,"instance":"..."} of the records now. */
    private byte[] instanceJson = NO_INSTANCE;
    private long secondOfDigits = Long.MIN_VALUE;
    private byte[] secondDigits;
    private int pid = -1;
    private int tid = -1;
    private long uid = -1;
    private long gid = -1;
    private byte[] comm;
    private long cgroupId = -1;
    private byte[] writer;
    /**
     * {@code ,"fields":{...},"message":} of the last sets of fields seen, with their hashes; a new
     * set takes the place of the one kept longest.
     */
    private final Object[] keptFields = new Object[FIELDS_KEPT];
    private final int[] keptHashes = new int[FIELDS_KEPT];
    private final byte[][] keptFieldsJson = new byte[FIELDS_KEPT][];
    private int keptNext;
    private int keptLast;

    JsonPrinter(OutputStream out) {
        this(out, null);
    }

    /** @param chosen the fields to show (--output-fields); null for every key */
    JsonPrinter(OutputStream out, Set<String> chosen) {
        this.out = new OutputBuffer(out);
        this.chosen = chosen;
    }

    @Override
    public void cgroups(CgroupNames names) {
        cgroups = names;
        cgroupId = -1; // the writer's piece has the cgroup's name
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void begin(String instance) {
        instanceJson = instanceJson(instance);
    }

    private static byte[] instanceJson(String instance) {
        return instance == null ? NO_INSTANCE : ascii(",\"instance\":\"" + instance + "\"");
    }

    @Override
    public void record(LogRecord r) throws IOException {
        if (chosen != null) {
            recordChosen(r);
            return;
        }
        out.append(SEQ);
        seq.append(out, r.seq());
        out.append(instanceJson);
        appendTimes(r.timestampNanos());
        if (r.sourceTimestampNanos() == 0) {
            out.append(NO_SOURCE_TIME);
        } else {
            sourceTime.append(out, r.sourceTimestampNanos());
        }
        out.append(LEVEL_FIELDS[r.level().code()]);
        appendWriter(r);
        appendFields(r.fields());
        byte[] payload = r.payload();
        JsonText.append(out, payload, 0, payload.length);
        out.append(END);
        out.endRecord();
    }

    /** A record with only the keys of the fields chosen, after its identity and time. */
    private void recordChosen(LogRecord r) throws IOException {
        out.append(SEQ);
        seq.append(out, r.seq());
        out.append(instanceJson);
        appendTimes(r.timestampNanos());
        if (chosen.contains("_SOURCE_REALTIME_TIMESTAMP")) {
            if (r.sourceTimestampNanos() == 0) {
                out.append(NO_SOURCE_TIME);
            } else {
                sourceTime.append(out, r.sourceTimestampNanos());
            }
        }
        if (chosen.contains("PRIORITY")) {
            out.append(LEVEL_FIELDS[r.level().code()]);
        }
        number("_PID", PID, r.pid());
        number("_TID", TID, r.tid());
        number("_UID", UID, r.uid());
        number("_GID", GID, r.gid());
        if (chosen.contains("_COMM")) {
            out.append(COMM);
            byte[] c = r.commBytes();
            JsonText.append(out, c, 0, c.length);
        }
        number("_CGROUP_ID", CGROUP_ID, r.cgroupId());
        if (chosen.stream().anyMatch(k -> k.startsWith("_SYSTEMD_") || k.equals("_CONTAINER_ID"))) {
            appendCgroup(out, r.cgroupId() == 0 ? null : cgroups.name(r.cgroupId()));
        }
        List<RecordField> picked = r.fields().stream().filter(f -> chosen.contains(f.key())).toList();
        if (!picked.isEmpty()) {
            byte[] json = fieldsJson(picked);
            out.append(json, 0, json.length - MESSAGE.length + 1); // ,"fields":{...}
        }
        if (chosen.contains("MESSAGE")) {
            out.append(MESSAGE, 1, MESSAGE.length);
            byte[] payload = r.payload();
            JsonText.append(out, payload, 0, payload.length);
        }
        out.append(END);
        out.endRecord();
    }

    private void number(String field, byte[] key, long value) {
        if (chosen.contains(field)) {
            out.append(key);
            out.appendDecimal(value);
        }
    }

    /**
     * {@code time} and {@code ts_ns}. The digits of ts_ns are those of its second, kept while the
     * second lasts, then the nine of the fraction {@code time} has just written: no division.
     */
    private void appendTimes(long ns) {
        int n = time.format(ns);
        byte[] text = time.bytes();
        out.append(text, 0, n);
        long second = time.second();
        if (second < 1) {
            out.appendDecimal(ns); // before 1970-01-01T00:00:01Z: no digits to share
            return;
        }
        if (second != secondOfDigits) {
            secondDigits = Long.toString(second).getBytes(StandardCharsets.US_ASCII);
            secondOfDigits = second;
        }
        out.append(secondDigits);
        out.append(text, time.fractionStart(), time.fractionStart() + 9);
    }

    /**
     * Who wrote the record: {@code ,"pid":4242,"tid":4251,"uid":1000,"gid":1000,"comm":"java",
     * "cgroup_id":5213}, in one piece. Records come in runs from one thread, so the piece of the
     * last writer is kept.
     */
    private void appendWriter(LogRecord r) {
        if (r.pid() != pid || r.tid() != tid || r.uid() != uid || r.gid() != gid
                || r.cgroupId() != cgroupId || !Arrays.equals(r.commBytes(), comm)) {
            OutputBuffer json = OutputBuffer.scratch();
            json.append(PID);
            json.appendDecimal(r.pid());
            json.append(TID);
            json.appendDecimal(r.tid());
            json.append(UID);
            json.appendDecimal(r.uid());
            json.append(GID);
            json.appendDecimal(r.gid());
            json.append(COMM);
            byte[] c = r.commBytes();
            JsonText.append(json, c, 0, c.length);
            json.append(CGROUP_ID);
            json.appendDecimal(r.cgroupId());
            appendCgroup(json, r.cgroupId() == 0 ? null : cgroups.name(r.cgroupId()));
            writer = json.toByteArray();
            pid = r.pid();
            tid = r.tid();
            uid = r.uid();
            gid = r.gid();
            comm = c;
            cgroupId = r.cgroupId();
        }
        out.append(writer);
    }

    /** {@code ,"cgroup":{...}}, or {@code ,"cgroup":null} where it cannot be named. */
    private static void appendCgroup(OutputBuffer json, Cgroup c) {
        if (c == null) {
            json.append(NO_CGROUP);
            return;
        }
        json.appendAscii(",\"cgroup\":{\"path\":");
        JsonText.append(json, c.path());
        json.appendAscii(",\"unit\":");
        textOrNull(json, c.unit());
        json.appendAscii(",\"user_unit\":");
        textOrNull(json, c.userUnit());
        json.appendAscii(",\"slice\":");
        textOrNull(json, c.slice());
        json.appendAscii(",\"container_id\":");
        textOrNull(json, c.containerId());
        json.append('}');
    }

    private static void textOrNull(OutputBuffer json, String text) {
        if (text == null) {
            json.appendAscii("null");
        } else {
            JsonText.append(json, text);
        }
    }

    /**
     * {@code ,"fields":{...},"message":}, in one piece, kept by the set of fields: records come
     * in runs from a few threads and loggers, each with its own set.
     */
    private void appendFields(List<RecordField> f) {
        if (f.isEmpty()) {
            out.append(NO_FIELDS);
            return;
        }
        int hash = f.hashCode();
        int at = keptLast;
        if (keptHashes[at] != hash || !f.equals(keptFields[at])) {
            at = -1;
            for (int i = 0; i < FIELDS_KEPT; i++) {
                if (keptHashes[i] == hash && f.equals(keptFields[i])) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                at = keptNext;
                keptNext = (keptNext + 1) % FIELDS_KEPT;
                keptFields[at] = f;
                keptHashes[at] = hash;
                keptFieldsJson[at] = fieldsJson(f);
            }
            keptLast = at;
        }
        out.append(keptFieldsJson[at]);
    }

    /** Keys need no escapes: they are [A-Za-z0-9_.-] (RecordField). */
    private static byte[] fieldsJson(List<RecordField> f) {
        OutputBuffer json = OutputBuffer.scratch();
        json.append(FIELDS);
        boolean first = true;
        for (int i = 0; i < f.size(); i++) {
            String key = f.get(i).key();
            if (indexOf(f, key) < i) {
                continue; // in the array of its first
            }
            if (!first) {
                json.append(',');
            }
            first = false;
            json.append('"');
            json.appendAscii(key);
            json.append('"');
            json.append(':');
            boolean many = indexOf(f.subList(i + 1, f.size()), key) >= 0;
            if (many) {
                json.append('[');
            }
            for (int k = i; k < f.size(); k++) {
                if (f.get(k).key().equals(key)) {
                    if (k > i) {
                        json.append(',');
                    }
                    byte[] v = f.get(k).value();
                    JsonText.append(json, v, 0, v.length);
                }
            }
            if (many) {
                json.append(']');
            }
        }
        json.append(MESSAGE);
        return json.toByteArray();
    }

    private static int indexOf(List<RecordField> f, String key) {
        for (int i = 0; i < f.size(); i++) {
            if (f.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void gap(Gap g) throws IOException {
        out.appendAscii("{\"type\":\"gap\",\"lost\":");
        out.appendDecimal(g.lost());
        out.appendAscii(",\"first_lost_seq\":");
        out.appendDecimal(g.firstSeq());
        out.appendAscii(",\"last_lost_seq\":");
        out.appendDecimal(g.lastSeq());
        out.append(END);
        out.endRecord();
    }

    @Override
    public void reload(Reload r) throws IOException {
        instanceJson = instanceJson(r.instance());
        out.appendAscii("{\"type\":\"reload\",\"previous_instance\":");
        appendInstance(r.previousInstance());
        out.appendAscii(",\"instance\":");
        appendInstance(r.instance());
        out.append(END);
        out.endRecord();
    }

    /** A load id (hex) as a string, or null. */
    private void appendInstance(String instance) {
        if (instance == null) {
            out.appendAscii("null");
        } else {
            out.append('"');
            out.appendAscii(instance);
            out.append('"');
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
