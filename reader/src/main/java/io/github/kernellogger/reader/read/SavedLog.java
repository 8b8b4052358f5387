package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LoggerAbi;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The format of a saved log: what {@code -o binary} writes and {@code --file} reads, version 2.
 *
 * <p>A saved log is the device's records as {@code LOGGER_FORMAT_BINARY_V3} gives them ({@code
 * struct logger_entry_v2}, fields, the kernel's first, message, zeros to the next multiple of
 * 8; version 1 had {@code LOGGER_FORMAT_BINARY_V2}'s, without the kernel's fields, which is
 * all the difference: a reader of version 1 refuses a record with them), with a header
 * before the first record and wherever the reader that saved them learnt something the records
 * cannot say: records lost before the next one, the module reloaded. Every header and record
 * starts on a multiple of 8 bytes. A header is 80 bytes, in the byte order of the records after
 * it (the saving machine's), which it names:
 *
 * <pre>
 *  0  u8[8]  magic: 0x89 'L' 'O' 'G' 'G' 'E' 'R' '\n'
 *  8  u32    byte order mark: 0x01020304 as the header and the records after it have it
 * 12  u16    hdr_size: 80; the next header or record starts this many bytes after the magic
 * 14  u16    version: 2 (1 before the kernel's fields)
 * 16  u8[16] instance_id: the load id of the module the records after it come from; zeros for
 *            none (ABI version 1)
 * 32  u8[16] previous_instance_id: with F_RELOAD, the load before, if known; zeros otherwise
 * 48  u32    flags: F_RELOAD (1): the module was reloaded before the records after it
 * 52  u32    reserved: 0
 * 56  u64    lost: records lost right before the records after it, 0 for none
 * 64  u64    first_lost_seq
 * 72  u64    last_lost_seq
 * </pre>
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
    /** Bytes of a header of this version. */
    public static final int HEADER_SIZE = 80;
    /** The module was reloaded before the records after the header. */
    public static final int F_RELOAD = 1;

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
     */
    public record Header(String instance, boolean reload, String previousInstance, Gap gap) {}

    static {
        if (HEADER_SIZE % LoggerAbi.ENTRY_ALIGN != 0) {
            throw new AssertionError("a header keeps the records after it aligned");
        }
    }

    /** Writes {@code h} at the buffer's position, in its byte order, and moves past it. */
    public static void put(ByteBuffer out, Header h) {
        int at = out.position();
        out.put(MAGIC).putInt(BYTE_ORDER_MARK).putShort((short) HEADER_SIZE).putShort((short) VERSION);
        out.put(instanceBytes(h.instance())).put(instanceBytes(h.reload() ? h.previousInstance() : null));
        out.putInt(h.reload() ? F_RELOAD : 0).putInt(0);
        Gap g = h.gap();
        out.putLong(g == null ? 0 : g.lost()).putLong(g == null ? 0 : g.firstSeq())
                .putLong(g == null ? 0 : g.lastSeq());
        assert out.position() == at + HEADER_SIZE;
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

    /** The header at {@code at}, {@link #size} bytes of which are there. */
    static Header header(ByteBuffer in, int at) {
        ByteBuffer h = in.duplicate().order(order(in, at));
        int flags = h.getInt(at + FLAGS_OFFSET);
        long lost = h.getLong(at + LOST_OFFSET);
        Gap gap = lost == 0 ? null
                : new Gap(lost, h.getLong(at + FIRST_LOST_OFFSET), h.getLong(at + LAST_LOST_OFFSET));
        boolean reload = (flags & F_RELOAD) != 0;
        return new Header(instance(in, at + INSTANCE_OFFSET), reload,
                reload ? instance(in, at + PREVIOUS_INSTANCE_OFFSET) : null, gap);
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
