package io.github.kernellogger.device;

/**
 * The numbers of the {@code /dev/logger} ABI, version 3, mirrored from
 * {@code kernel/include/uapi/linux/logger.h}.
 *
 * <p>That header is the single source of truth. {@code LoggerAbiTest} parses it and checks every
 * constant here: names map to its macros ({@code IOC_GET_STATS} is {@code LOGGER_IOC_GET_STATS}),
 * sizes and offsets to its structs as a C compiler lays them out ({@code ENTRY_*} is {@code struct
 * logger_entry}, {@code ENTRY_V2_*} {@code struct logger_entry_v2}, {@code STATS_*}, {@code
 * FRAME_*} and {@code FIELD_*} likewise). A constant without a counterpart there fails the test
 * too. Each version only adds to the one before; a module that answers {@link #IOC_GET_VERSION}
 * with 1 knows none of the names marked "version 2", one that answers 2 none marked "version 3".
 */
public final class LoggerAbi {
    private LoggerAbi() {}

    public static final int ABI_VERSION = 3;
    public static final String DEVICE_PATH = "/dev/logger";

    public static final int LEVEL_EMERG = 0;
    public static final int LEVEL_ALERT = 1;
    public static final int LEVEL_CRIT = 2;
    public static final int LEVEL_ERR = 3;
    public static final int LEVEL_WARNING = 4;
    public static final int LEVEL_NOTICE = 5;
    public static final int LEVEL_INFO = 6;
    public static final int LEVEL_DEBUG = 7;
    public static final int LEVEL_DEFAULT = LEVEL_INFO;

    /** {@code struct logger_entry}: the header of a record in binary format. */
    public static final int ENTRY_SIZE = 56;
    public static final int ENTRY_HDR_SIZE_OFFSET = 0;
    public static final int ENTRY_LEVEL_OFFSET = 2;
    public static final int ENTRY_FLAGS_OFFSET = 3;
    public static final int ENTRY_LEN_OFFSET = 4;
    public static final int ENTRY_SEQ_OFFSET = 8;
    public static final int ENTRY_TS_NS_OFFSET = 16;
    public static final int ENTRY_PID_OFFSET = 24;
    public static final int ENTRY_TID_OFFSET = 28;
    public static final int ENTRY_UID_OFFSET = 32;
    public static final int ENTRY_GID_OFFSET = 36;
    public static final int ENTRY_COMM_OFFSET = 40;
    public static final int ENTRY_COMM_LENGTH = 16;
    /** Records in binary format start on multiples of this. */
    public static final int ENTRY_ALIGN = 8;

    /** {@code struct logger_entry_v2}: the header of a record in {@link #FORMAT_BINARY_V2}. */
    public static final int ENTRY_V2_SIZE = 80;
    public static final int ENTRY_V2_HDR_SIZE_OFFSET = 0;
    public static final int ENTRY_V2_LEVEL_OFFSET = 2;
    public static final int ENTRY_V2_FLAGS_OFFSET = 3;
    public static final int ENTRY_V2_LEN_OFFSET = 4;
    public static final int ENTRY_V2_SEQ_OFFSET = 8;
    public static final int ENTRY_V2_TS_NS_OFFSET = 16;
    public static final int ENTRY_V2_PID_OFFSET = 24;
    public static final int ENTRY_V2_TID_OFFSET = 28;
    public static final int ENTRY_V2_UID_OFFSET = 32;
    public static final int ENTRY_V2_GID_OFFSET = 36;
    public static final int ENTRY_V2_COMM_OFFSET = 40;
    public static final int ENTRY_V2_COMM_LENGTH = 16;
    public static final int ENTRY_V2_SRC_TS_NS_OFFSET = 56;
    public static final int ENTRY_V2_CGROUP_ID_OFFSET = 64;
    public static final int ENTRY_V2_FIELDS_LEN_OFFSET = 72;
    public static final int ENTRY_V2_RESERVED_OFFSET = 76;
    /** {@code logger_entry_v2.flags}: the record came from a framed write. */
    public static final int F_FRAMED = 1;

    /** {@code struct logger_frame}: one record of a framed write (version 2). */
    public static final int FRAME_SIZE = 16;
    public static final int FRAME_SIZE_OFFSET = 0;
    public static final int FRAME_LEVEL_OFFSET = 4;
    public static final int FRAME_FLAGS_OFFSET = 5;
    public static final int FRAME_FIELDS_LEN_OFFSET = 6;
    public static final int FRAME_SRC_TS_NS_OFFSET = 8;
    /** Frames of one write start on multiples of this. */
    public static final int FRAME_ALIGN = 8;

    /** {@code struct logger_field}: the header of one field, then its key and value (version 2). */
    public static final int FIELD_SIZE = 4;
    public static final int FIELD_KEY_LEN_OFFSET = 0;
    public static final int FIELD_VALUE_LEN_OFFSET = 2;
    /** The longest key a field may have. */
    public static final int FIELD_KEY_MAX = 64;
    /**
     * The fields the kernel stamps (version 3), first among a record's: the uid, and the gid
     * where it differs, of the opener of a file written by a task with other ids. No writer may
     * send a key that starts with {@code _}.
     */
    public static final String FIELD_OPENER_UID = "_OPENER_UID";
    public static final String FIELD_OPENER_GID = "_OPENER_GID";

    /**
     * What a record takes in the ring beside its fields and message (version 3): a framed write's
     * records, each {@link #recordCost} of its payload, may take at most twice max_batch there.
     */
    public static final int RECORD_OVERHEAD = 96;

    /** {@code struct logger_stats}: the argument of {@link #IOC_GET_STATS}. */
    public static final int STATS_SIZE = 112;
    public static final int STATS_BYTES_WRITTEN_OFFSET = 0;
    public static final int STATS_RECORDS_WRITTEN_OFFSET = 8;
    public static final int STATS_RECORDS_DROPPED_OFFSET = 16;
    public static final int STATS_RECORDS_CLEARED_OFFSET = 24;
    public static final int STATS_WRITES_REJECTED_OFFSET = 32;
    public static final int STATS_FIRST_SEQ_OFFSET = 40;
    public static final int STATS_NEXT_SEQ_OFFSET = 48;
    public static final int STATS_READER_MISSED_OFFSET = 56;
    public static final int STATS_BUFFER_SIZE_OFFSET = 64;
    public static final int STATS_BUFFER_USED_OFFSET = 68;
    public static final int STATS_RECORDS_HELD_OFFSET = 72;
    public static final int STATS_READERS_OFFSET = 76;
    public static final int STATS_MAX_PAYLOAD_OFFSET = 80;
    public static final int STATS_MAX_BATCH_OFFSET = 84;
    public static final int STATS_INSTANCE_ID_OFFSET = 88;
    public static final int STATS_INSTANCE_ID_LENGTH = 16;
    public static final int STATS_RESERVED_OFFSET = 104;
    public static final int STATS_RESERVED_LENGTH = 2;

    public static final int FORMAT_TEXT = 0;
    public static final int FORMAT_BINARY = 1;
    public static final int FORMAT_BINARY_V2 = 2;
    /** {@link #FORMAT_BINARY_V2} with the fields the kernel stamps, first (ABI version 3). */
    public static final int FORMAT_BINARY_V3 = 3;

    public static final int WRITE_PLAIN = 0;
    public static final int WRITE_FRAMED = 1;

    public static final int IOC_MAGIC = 0xE7;
    /** Unsigned 32-bit request numbers, as {@code _IOR}/{@code _IOW} encode them. */
    public static final int IOC_GET_VERSION = ior(0, 4);
    public static final int IOC_GET_STATS = ior(1, STATS_SIZE);
    public static final int IOC_CLEAR = iow(2, 8);
    public static final int IOC_SET_FORMAT = iow(3, 4);
    public static final int IOC_GET_NEXT_SIZE = ior(4, 4);
    public static final int IOC_SET_WRITE_MODE = iow(5, 4);
    /** What this file may do, a mask of {@code RIGHT_*} (version 3). */
    public static final int IOC_GET_RIGHTS = ior(6, 4);

    /** Reads every user's records and gets the ring's counters (version 3). */
    public static final int RIGHT_READ_ALL = 1;
    /** May clear (version 3). */
    public static final int RIGHT_CLEAR = 2;

    /** Bytes from the start of one binary record to the next, as {@code LOGGER_ENTRY_SPAN}. */
    public static int entrySpan(int hdrSize, int payloadLength) {
        return (hdrSize + payloadLength + ENTRY_ALIGN - 1) & -ENTRY_ALIGN;
    }

    /** Bytes a record of this payload takes in the ring, as {@code LOGGER_RECORD_COST}. */
    public static int recordCost(int payloadLength) {
        return (payloadLength + RECORD_OVERHEAD + ENTRY_ALIGN - 1) & -ENTRY_ALIGN;
    }

    /** Bytes from the start of one frame to the next, as {@code LOGGER_FRAME_SPAN}. */
    public static int frameSpan(int frameSize) {
        return (frameSize + FRAME_ALIGN - 1) & -FRAME_ALIGN;
    }

    // The encoding of <asm-generic/ioctl.h>: direction, size, type, number.
    private static final int IOC_WRITE = 1;
    private static final int IOC_READ = 2;

    private static int ioc(int dir, int nr, int size) {
        return dir << 30 | size << 16 | IOC_MAGIC << 8 | nr;
    }

    private static int ior(int nr, int size) {
        return ioc(IOC_READ, nr, size);
    }

    private static int iow(int nr, int size) {
        return ioc(IOC_WRITE, nr, size);
    }
}
