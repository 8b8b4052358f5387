package io.github.kernellogger.device;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decodes records read from {@code /dev/logger} in a binary format: {@code
 * LOGGER_FORMAT_BINARY} (version 1) or {@code LOGGER_FORMAT_BINARY_V2}, told apart by each
 * record's {@code hdr_size}; and lays records out again as {@code LOGGER_FORMAT_BINARY_V2}
 * gives them ({@link #encode}), for programs that save them.
 */
public final class BinaryRecords {
    private BinaryRecords() {}

    /**
     * Decodes the records between {@code buf}'s position and limit, which must be whole records
     * as one {@code read()} returns them, and advances the position past them.
     *
     * @return the number of records decoded
     * @throws IllegalArgumentException if the bytes are not whole records of ABI version 1 or
     *     2, or of a later one that only lengthened the header
     */
    public static int decode(ByteBuffer buf, Consumer<LogRecord> sink) {
        return decode(buf, ByteOrder.nativeOrder(), sink);
    }

    /**
     * Decodes records laid out in {@code order}: the device gives them in the native order, a
     * file saved on a machine of the other order has them in that one.
     *
     * @see #decode(ByteBuffer, Consumer)
     */
    public static int decode(ByteBuffer buf, ByteOrder order, Consumer<LogRecord> sink) {
        ByteBuffer in = buf.duplicate().order(order);
        int start = in.position();
        int count = 0;
        while (in.hasRemaining()) {
            int at = in.position();
            if (in.remaining() < LoggerAbi.ENTRY_SIZE || (at - start) % LoggerAbi.ENTRY_ALIGN != 0) {
                throw new IllegalArgumentException("truncated record at byte " + (at - start));
            }
            int hdrSize = Short.toUnsignedInt(in.getShort(at + LoggerAbi.ENTRY_HDR_SIZE_OFFSET));
            int len = in.getInt(at + LoggerAbi.ENTRY_LEN_OFFSET);
            // A later ABI may lengthen the header; the payload is always hdr_size bytes in.
            if (hdrSize < LoggerAbi.ENTRY_SIZE || len < 0
                    || (long) hdrSize + len > in.remaining()) {
                throw new IllegalArgumentException("malformed record at byte " + (at - start)
                        + ": hdr_size " + hdrSize + ", len " + len);
            }
            long sourceTs = 0;
            long cgroupId = 0;
            int flags = 0;
            int fieldsLen = 0;
            if (hdrSize >= LoggerAbi.ENTRY_V2_SIZE) {
                sourceTs = in.getLong(at + LoggerAbi.ENTRY_V2_SRC_TS_NS_OFFSET);
                cgroupId = in.getLong(at + LoggerAbi.ENTRY_V2_CGROUP_ID_OFFSET);
                flags = Byte.toUnsignedInt(in.get(at + LoggerAbi.ENTRY_V2_FLAGS_OFFSET));
                fieldsLen = in.getInt(at + LoggerAbi.ENTRY_V2_FIELDS_LEN_OFFSET);
                if (fieldsLen < 0 || fieldsLen > len) {
                    throw new IllegalArgumentException("malformed record at byte " + (at - start)
                            + ": fields_len " + fieldsLen + ", len " + len);
                }
            }
            byte[] fields = new byte[fieldsLen];
            in.get(at + hdrSize, fields);
            byte[] payload = new byte[len - fieldsLen];
            in.get(at + hdrSize + fieldsLen, payload);
            sink.accept(new LogRecord(
                    in.getLong(at + LoggerAbi.ENTRY_SEQ_OFFSET),
                    in.getLong(at + LoggerAbi.ENTRY_TS_NS_OFFSET),
                    SyslogLevel.ofCode(in.get(at + LoggerAbi.ENTRY_LEVEL_OFFSET) & 7),
                    in.getInt(at + LoggerAbi.ENTRY_PID_OFFSET),
                    in.getInt(at + LoggerAbi.ENTRY_TID_OFFSET),
                    Integer.toUnsignedLong(in.getInt(at + LoggerAbi.ENTRY_UID_OFFSET)),
                    Integer.toUnsignedLong(in.getInt(at + LoggerAbi.ENTRY_GID_OFFSET)),
                    comm(in, at + LoggerAbi.ENTRY_COMM_OFFSET),
                    payload, sourceTs, cgroupId, flags,
                    fieldsLen == 0 ? List.of() : RecordField.decode(fields, order)));
            count++;
            in.position(Math.min(in.limit(), at + LoggerAbi.entrySpan(hdrSize, len)));
        }
        buf.position(in.position());
        return count;
    }

    /** The comm's bytes up to its NUL padding, as they are: a thread may name itself any bytes. */
    private static byte[] comm(ByteBuffer in, int at) {
        int n = 0;
        while (n < LoggerAbi.ENTRY_COMM_LENGTH && in.get(at + n) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        in.get(at, bytes);
        return bytes;
    }

    /** Bytes {@link #encode} takes for {@code r}, padding included. */
    public static int encodedSize(LogRecord r) {
        return LoggerAbi.entrySpan(LoggerAbi.ENTRY_V2_SIZE, fieldsLength(r) + r.payload().length);
    }

    /**
     * Lays {@code r} out at the buffer's position as {@code LOGGER_FORMAT_BINARY_V2} gives it, in
     * the buffer's byte order: a {@code struct logger_entry_v2}, the fields, the message, zeros
     * to the next multiple of {@link LoggerAbi#ENTRY_ALIGN}; and moves the position past it.
     * {@link #decode} gives back an equal record, also of a record read in version 1's format,
     * which has no fields.
     *
     * @throws java.nio.BufferOverflowException if fewer than {@link #encodedSize} bytes remain
     * @throws IllegalArgumentException if the comm is longer than 15 bytes
     */
    public static void encode(LogRecord r, ByteBuffer out) {
        byte[] comm = r.commBytes();
        if (comm.length >= LoggerAbi.ENTRY_V2_COMM_LENGTH) {
            throw new IllegalArgumentException("a comm has at most " + (LoggerAbi.ENTRY_V2_COMM_LENGTH - 1)
                    + " bytes, not " + comm.length);
        }
        int at = out.position();
        int fieldsLen = fieldsLength(r);
        int len = fieldsLen + r.payload().length;
        int span = LoggerAbi.entrySpan(LoggerAbi.ENTRY_V2_SIZE, len);
        if (out.remaining() < span) {
            throw new BufferOverflowException();
        }
        out.putShort((short) LoggerAbi.ENTRY_V2_SIZE).put((byte) r.level().code()).put((byte) r.flags())
                .putInt(len).putLong(r.seq()).putLong(r.timestampNanos()).putInt(r.pid()).putInt(r.tid())
                .putInt((int) r.uid()).putInt((int) r.gid()).put(comm);
        for (int i = comm.length; i < LoggerAbi.ENTRY_V2_COMM_LENGTH; i++) {
            out.put((byte) 0);
        }
        out.putLong(r.sourceTimestampNanos()).putLong(r.cgroupId()).putInt(fieldsLen).putInt(0);
        for (RecordField f : r.fields()) {
            byte[] value = f.value();
            out.putShort((short) f.key().length()).putShort((short) value.length)
                    .put(f.key().getBytes(StandardCharsets.US_ASCII)).put(value);
        }
        out.put(r.payload());
        while (out.position() < at + span) {
            out.put((byte) 0);
        }
    }

    private static int fieldsLength(LogRecord r) {
        int n = 0;
        for (RecordField f : r.fields()) {
            n += LoggerAbi.FIELD_SIZE + f.key().length() + f.valueLength();
        }
        return n;
    }
}
