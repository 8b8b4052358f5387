package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LoggerAbi;
import io.github.kernellogger.device.RecordField;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The format of a saved log: what {@code -o binary} writes and {@code --file} reads, version 2
 * (version 1 is read too).
 *
 * <p>A saved log is the device's records as {@code LOGGER_FORMAT_BINARY_V3} gives them ({@code
 * struct logger_entry_v2}, fields, the kernel's first, message, zeros to the next multiple of
 * 8; version 1 had {@code LOGGER_FORMAT_BINARY_V2}'s, without the kernel's fields, and a reader
 * of version 1 refuses a record with them), with a header
 * before the first record and wherever the reader that saved them learnt something the records
 * cannot say: records lost before the next one, the module reloaded. Every header and record
 * starts on a multiple of 8 bytes. A header is 80 bytes, in the byte order of the records after
 * it (the saving machine's), which it names:
 *
 * <pre>
 *  0  u8[8]  magic: 0x89 'L' 'O' 'G' 'G' 'E' 'R' '\n'
 *  8  u32    byte order mark: 0x01020304 as the header and the records after it have it
 * 12  u16    hdr_size: 80; the next header or record starts this many bytes after the magic
 * 14  u16    version: 2 (1 before the kernel's fields and cgroup names)
 * 16  u8[16] instance_id: the load id of the module the records after it come from; zeros for
 *            none (ABI version 1)
 * 32  u8[16] previous_instance_id: with F_RELOAD, the load before, if known; zeros otherwise
 * 48  u32    flags: F_RELOAD (1): the module was reloaded before the records after it;
 *            F_CGROUP (2, version 2): the header names a cgroup, below
 * 52  u32    reserved: 0
 * 56  u64    lost: records lost right before the records after it, 0 for none
 * 64  u64    first_lost_seq
 * 72  u64    last_lost_seq
 * with F_CGROUP, then:
 * 80  u64    cgroup_id: a cgroup id of the records after it
 * 88  u32    path_len: the length of the path, 0 where the writer could not name the cgroup
 * 92  u8[]   path: the cgroup's path in the cgroup v2 hierarchy where and when it was saved,
 *            UTF-8; zeros to the next multiple of 8 (hdr_size counts them)
 * </pre>
 *
 * <p>Version 2 adds the kernel's fields of ABI version 3 to records (above), and the names of
 * the records' cgroups: {@code -o binary} writes a header with
 * F_CGROUP before the first record of each cgroup, so that the log shows the units and
 * containers of its records wherever it is read, where the id alone means another cgroup, or
 * none ({@link SavedCgroups}). A reader of version 1 passes these headers over, as it passes over
 * what a later version adds to a header.
 *
 * <p>A saved log starts with a header; each run of {@code -o binary} writes one when it starts,
 * so that the output of several runs appended to one file ({@code >>}) is a saved log too, whose
 * reader sees a reload where the load ids of two headers differ. No record can be taken for a
 * header: byte 2 of a record is its level, 0..7, and of the magic 'O'. A reader skips what a
 * later version may add to a header (its hdr_size says how long it is) and takes a record of
 * version 1's shorter {@code struct logger_entry}, as the device's own formats allow.
 */
public final class SavedLog {
    private SavedLog() {}

    public static final int VERSION = 2;
    /** Bytes of a header, but for a cgroup's name. */
    public static final int HEADER_SIZE = 80;
    /** The module was reloaded before the records after the header. */
    public static final int F_RELOAD = 1;
    /** The header names a cgroup (version 2). */
    public static final int F_CGROUP = 2;
    private static final int CGROUP_ID_OFFSET = 80;
    private static final int PATH_LEN_OFFSET = 88;
    private static final int PATH_OFFSET = 92;

    private static final byte[] MAGIC = {(byte) 0x89, 'L', 'O', 'G', 'G', 'E', 'R', '\n'};
    private static final int BYTE_ORDER_MARK = 0x01020304;
    private static final int BYTE_ORDER_OFFSET = 8;
    private static final int HDR_SIZE_OFFSET = 12;
    private static final int VERSION_OFFSET = 14;
    private static final int INSTANCE_OFFSET = 16;
    private static final int PREVIOUS_INSTANCE_OFFSET = 32;
    private static final int FLAGS_OFFSET = 48;
    private static final int LOST_OFFSET = 56;
    private static final int FIRST_LOST_OFFSET = 64;
    private static final int LAST_LOST_OFFSET = 72;
    /** Bytes a reader needs to know a header's size and order. */
    static final int HEADER_PREFIX = 16;

    /**
     * One header.
     *
     * @param instance the load id of the records after it, or null
     * @param reload the module was reloaded before them; {@code previousInstance} the load
     *     before, or null
     * @param gap records lost right before them, or null
     * @param cgroup a cgroup of the records after it, and its path, or null
     */
    public record Header(String instance, boolean reload, String previousInstance, Gap gap, CgroupName cgroup) {

        /** A header that names no cgroup. */
        public Header(String instance, boolean reload, String previousInstance, Gap gap) {
            this(instance, reload, previousInstance, gap, null);
        }

        /** The bytes it takes. */
        public int size() {
            return cgroup == null ? HEADER_SIZE
                    : LoggerAbi.entrySpan(PATH_OFFSET, cgroup.path() == null ? 0 : cgroup.pathBytes().length);
        }
    }

    /**
     * What a saved log says a cgroup id named.
     *
     * @param path its path where and when it was saved; null where the writer could not name it
     */
    public record CgroupName(long id, String path) {
        byte[] pathBytes() {
            return path == null ? new byte[0] : path.getBytes(StandardCharsets.UTF_8);
        }
    }

    static {
        if (HEADER_SIZE % LoggerAbi.ENTRY_ALIGN != 0) {
            throw new AssertionError("a header keeps the records after it aligned");
        }
    }

    /** Writes {@code h} at the buffer's position, in its byte order, and moves past it. */
    public static void put(ByteBuffer out, Header h) {
        int at = out.position();
        int size = h.size();
        out.put(MAGIC).putInt(BYTE_ORDER_MARK).putShort((short) size).putShort((short) VERSION);
        out.put(instanceBytes(h.instance())).put(instanceBytes(h.reload() ? h.previousInstance() : null));
        out.putInt((h.reload() ? F_RELOAD : 0) | (h.cgroup() != null ? F_CGROUP : 0)).putInt(0);
        Gap g = h.gap();
        out.putLong(g == null ? 0 : g.lost()).putLong(g == null ? 0 : g.firstSeq())
                .putLong(g == null ? 0 : g.lastSeq());
        if (h.cgroup() != null) {
            byte[] path = h.cgroup().pathBytes();
            out.putLong(h.cgroup().id()).putInt(path.length).put(path);
            while (out.position() < at + size) {
                out.put((byte) 0);
            }
        }
        assert out.position() == at + size;
    }

    /** Whether a header starts at {@code at}, of which at least 8 bytes are there. */
    static boolean isHeader(ByteBuffer in, int at) {
        return in.get(at + 2) == MAGIC[2] && Arrays.equals(MAGIC, 0, MAGIC.length,
                bytes(in, at, MAGIC.length), 0, MAGIC.length);
    }

    /**
     * The byte order of the header at {@code at}, of which {@link #HEADER_PREFIX} bytes are there.
     *
     * @throws IllegalArgumentException if its byte order mark is neither
     */
    static ByteOrder order(ByteBuffer in, int at) {
        int mark = in.duplicate().order(ByteOrder.BIG_ENDIAN).getInt(at + BYTE_ORDER_OFFSET);
        if (mark == BYTE_ORDER_MARK) {
            return ByteOrder.BIG_ENDIAN;
        }
        if (Integer.reverseBytes(mark) == BYTE_ORDER_MARK) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        throw new IllegalArgumentException(String.format("a header with the byte order mark %08x", mark));
    }

    /**
     * The size of the header at {@code at}, of which {@link #HEADER_PREFIX} bytes are there.
     *
     * @throws IllegalArgumentException if it is no header of version 1 or later
     */
    static int size(ByteBuffer in, int at) {
        ByteBuffer h = in.duplicate().order(order(in, at));
        int size = Short.toUnsignedInt(h.getShort(at + HDR_SIZE_OFFSET));
        int version = Short.toUnsignedInt(h.getShort(at + VERSION_OFFSET));
        if (version < 1 || size < HEADER_SIZE || size % LoggerAbi.ENTRY_ALIGN != 0) {
            throw new IllegalArgumentException("a header of version " + version + " and " + size + " bytes");
        }
        return size;
    }

    /**
     * The header at {@code at}, {@link #size} bytes of which are there.
     *
     * @throws Damage if a value is out of range: a flag no version has, a loss that is no range
     *     of seqs, a cgroup's path that runs past the header
     */
    static Header header(ByteBuffer in, int at) {
        ByteBuffer h = in.duplicate().order(order(in, at));
        int size = Short.toUnsignedInt(h.getShort(at + HDR_SIZE_OFFSET));
        int flags = h.getInt(at + FLAGS_OFFSET);
        if ((flags & ~(F_RELOAD | F_CGROUP)) != 0) {
            throw new Damage(FLAGS_OFFSET, String.format("a header's flags 0x%x have bits no version has "
                    + "(reload 0x1, cgroup 0x2)", flags));
        }
        long lost = h.getLong(at + LOST_OFFSET);
        long first = h.getLong(at + FIRST_LOST_OFFSET);
        long last = h.getLong(at + LAST_LOST_OFFSET);
        if (lost != 0 && (lost < 0 || first < 1 || last < first || lost - 1 > last - first)) {
            throw new Damage(LOST_OFFSET, "a header's loss of " + Long.toUnsignedString(lost) + " records (seq "
                    + Long.toUnsignedString(first) + ".." + Long.toUnsignedString(last) + ") is no range of seqs");
        }
        Gap gap = lost == 0 ? null : new Gap(lost, first, last);
        boolean reload = (flags & F_RELOAD) != 0;
        CgroupName cgroup = null;
        if ((flags & F_CGROUP) != 0) {
            long pathLen = size < PATH_OFFSET ? -1 : Integer.toUnsignedLong(h.getInt(at + PATH_LEN_OFFSET));
            if (pathLen < 0 || PATH_OFFSET + pathLen > size) {
                throw new Damage(size < PATH_OFFSET ? HDR_SIZE_OFFSET : PATH_LEN_OFFSET, "a header that names a cgroup "
                        + "has " + size + " bytes, too few for its path" + (pathLen < 0 ? "" : " of " + pathLen));
            }
            byte[] path = bytes(in, at + PATH_OFFSET, (int) pathLen);
            cgroup = new CgroupName(h.getLong(at + CGROUP_ID_OFFSET),
                    pathLen == 0 ? null : new String(path, StandardCharsets.UTF_8));
        }
        return new Header(instance(in, at + INSTANCE_OFFSET), reload,
                reload ? instance(in, at + PREVIOUS_INSTANCE_OFFSET) : null, gap, cgroup);
    }

    /**
     * Damage at a byte of a saved log: a value there that no record of the device can have.
     * {@link #at} is the byte's offset from the start of the entry checked.
     */
    static final class Damage extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        /** Where the bad value is, from the start of the entry. */
        final int at;

        Damage(int at, String what) {
            super(what);
            this.at = at;
        }
    }

    /**
     * Checks the record of {@code span} bytes at {@code at} (its hdr_size and len already read and
     * found to fit): every value a reader would show must be one the device can give, so that a
     * damaged file is said to be damaged, at the byte, rather than shown as something it is not (a
     * level byte of 9 shown as alert). Checked: the level (0..7), the flags (only those of the ABI),
     * the seq (from 1), hdr_size (version 1's 56, or version 2's 80 or a later multiple of 8),
     * fields_len (within len), and each field (its lengths within the fields, a key the kernel
     * would have taken).
     *
     * @param in the bytes, in the byte order of the record
     * @throws Damage naming the value and the byte, from {@code at}
     */
    static void checkRecord(ByteBuffer in, int at, int span) {
        int hdrSize = Short.toUnsignedInt(in.getShort(at + LoggerAbi.ENTRY_HDR_SIZE_OFFSET));
        checkHdrSize(hdrSize);
        int level = Byte.toUnsignedInt(in.get(at + LoggerAbi.ENTRY_LEVEL_OFFSET));
        if (level > LoggerAbi.LEVEL_DEBUG) {
            throw new Damage(LoggerAbi.ENTRY_LEVEL_OFFSET, "level " + level + " is not a syslog level (0..7)");
        }
        int flags = Byte.toUnsignedInt(in.get(at + LoggerAbi.ENTRY_FLAGS_OFFSET));
        if ((flags & ~LoggerAbi.F_FRAMED) != 0) {
            throw new Damage(LoggerAbi.ENTRY_FLAGS_OFFSET, String.format("flags 0x%02x has bits no record has "
                    + "(0x%02x: only framed, 0x%02x, is defined)", flags, flags & ~LoggerAbi.F_FRAMED, LoggerAbi.F_FRAMED));
        }
        long seq = in.getLong(at + LoggerAbi.ENTRY_SEQ_OFFSET);
        if (seq < 1) {
            throw new Damage(LoggerAbi.ENTRY_SEQ_OFFSET, "seq " + Long.toUnsignedString(seq)
                    + " is no record's (seqs start at 1)");
        }
        if (hdrSize < LoggerAbi.ENTRY_V2_SIZE) {
            return;
        }
        long len = Integer.toUnsignedLong(in.getInt(at + LoggerAbi.ENTRY_LEN_OFFSET));
        long fieldsLen = Integer.toUnsignedLong(in.getInt(at + LoggerAbi.ENTRY_V2_FIELDS_LEN_OFFSET));
        if (fieldsLen > len) {
            throw new Damage(LoggerAbi.ENTRY_V2_FIELDS_LEN_OFFSET, "fields_len " + fieldsLen
                    + " is more than the record's len " + len);
        }
        checkFields(in, at, hdrSize, (int) fieldsLen);
    }

    /**
     * A record's hdr_size: version 1's, or version 2's or a later multiple of 8 (checked before
     * its bytes are waited for: a wrong one would have the reader wait for bytes that never come).
     *
     * @throws Damage at the hdr_size, if it is none of those
     */
    static void checkHdrSize(int hdrSize) {
        if (hdrSize != LoggerAbi.ENTRY_SIZE && (hdrSize < LoggerAbi.ENTRY_V2_SIZE || hdrSize % LoggerAbi.ENTRY_ALIGN != 0)) {
            throw new Damage(LoggerAbi.ENTRY_HDR_SIZE_OFFSET, "hdr_size " + hdrSize + " is neither version 1's "
                    + LoggerAbi.ENTRY_SIZE + " nor version 2's " + LoggerAbi.ENTRY_V2_SIZE + " or a later multiple of "
                    + LoggerAbi.ENTRY_ALIGN);
        }
    }

    /** The fields of the record at {@code at}: back to back, exactly filling fields_len. */
    private static void checkFields(ByteBuffer in, int at, int hdrSize, int fieldsLen) {
        int end = hdrSize + fieldsLen;
        int f = hdrSize;
        while (f < end) {
            if (end - f < LoggerAbi.FIELD_SIZE) {
                throw new Damage(f, "a field's header is cut short by the end of the fields (fields_len " + fieldsLen + ")");
            }
            int keyLen = Short.toUnsignedInt(in.getShort(at + f + LoggerAbi.FIELD_KEY_LEN_OFFSET));
            int valueLen = Short.toUnsignedInt(in.getShort(at + f + LoggerAbi.FIELD_VALUE_LEN_OFFSET));
            if (keyLen < 1 || keyLen > LoggerAbi.FIELD_KEY_MAX) {
                throw new Damage(f + LoggerAbi.FIELD_KEY_LEN_OFFSET, "a field's key_len " + keyLen + " is not 1.."
                        + LoggerAbi.FIELD_KEY_MAX);
            }
            int key = f + LoggerAbi.FIELD_SIZE;
            if (key + keyLen + valueLen > end) {
                throw new Damage(f + LoggerAbi.FIELD_VALUE_LEN_OFFSET, "a field of key_len " + keyLen + " and value_len "
                        + valueLen + " runs past the end of the fields (fields_len " + fieldsLen + ")");
            }
            for (int k = 0; k < keyLen; k++) {
                char c = (char) (in.get(at + key + k) & 0xff);
                if (!RecordField.isKeyChar(c) || k == 0 && c == '_') {
                    throw new Damage(key + k, String.format("a field's key has the byte 0x%02x, which no key may have "
                            + "%s", (int) c, k == 0 && c == '_' ? "first" : "(A-Z a-z 0-9 _ . -)"));
                }
            }
            f = key + keyLen + valueLen;
        }
    }

    private static byte[] bytes(ByteBuffer in, int at, int n) {
        byte[] b = new byte[n];
        in.get(at, b);
        return b;
    }

    private static byte[] instanceBytes(String instance) {
        return instance == null ? new byte[LoggerAbi.STATS_INSTANCE_ID_LENGTH] : HexFormat.of().parseHex(instance);
    }

    /** A load id as {@link Cursor} has it: lower-case hex, or null for zeros. */
    private static String instance(ByteBuffer in, int at) {
        byte[] b = bytes(in, at, LoggerAbi.STATS_INSTANCE_ID_LENGTH);
        for (byte x : b) {
            if (x != 0) {
                return HexFormat.of().formatHex(b);
            }
        }
        return null;
    }
}
