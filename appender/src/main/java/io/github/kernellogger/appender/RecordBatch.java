package io.github.kernellogger.appender;

import io.github.kernellogger.device.SyslogLevel;
import java.nio.ByteBuffer;
import org.apache.logging.log4j.Level;

/**
 * Events taken out of the queue in one go, laid out as the records the device takes: for each,
 * {@code "<d>"} (its syslog level) and the payload, back to back in one direct buffer. The drain
 * thread owns one batch and reuses it, so writing allocates nothing.
 */
final class RecordBatch {
    /** Events per batch: enough to amortize the lock, few enough to keep latency low. */
    static final int MAX_EVENTS = 512;
    private static final int INITIAL_BYTES = 256 * 1024;
    /** The "<d>" prefix. */
    private static final int PREFIX = 3;

    private ByteBuffer bytes = ByteBuffer.allocateDirect(INITIAL_BYTES);
    /** A second view of {@link #bytes} that frames one record at a time for writing. */
    private ByteBuffer view = bytes.duplicate();
    private final int[] offsets = new int[MAX_EVENTS];
    private final int[] lengths = new int[MAX_EVENTS];
    private final Level[] levels = new Level[MAX_EVENTS];
    private final long[] times = new long[MAX_EVENTS];
    private final Object[] origins = new Object[MAX_EVENTS];
    private final long[] discardedBefore = new long[MAX_EVENTS];
    private int size;
    private long discardedAfter;

    void reset() {
        for (int i = 0; i < size; i++) {
            levels[i] = null;
            origins[i] = null;
        }
        size = 0;
        discardedAfter = 0;
        bytes.clear();
    }

    /**
     * Appends one event as a record. An empty batch takes any event, growing for it.
     *
     * @return false if the batch is full
     */
    boolean add(byte[] payload, int length, Level level, long timeMillis, Object origin,
            long discarded) {
        int need = PREFIX + length;
        if (size == MAX_EVENTS) {
            return false;
        }
        if (bytes.remaining() < need) {
            if (size > 0) {
                return false;
            }
            bytes = ByteBuffer.allocateDirect(Math.max(need, INITIAL_BYTES));
            view = bytes.duplicate();
        }
        offsets[size] = bytes.position();
        lengths[size] = need;
        bytes.put((byte) '<')
                .put((byte) ('0' + LevelMapping.toSyslog(level).code()))
                .put((byte) '>')
                .put(payload, 0, length);
        levels[size] = level;
        times[size] = timeMillis;
        origins[size] = origin;
        discardedBefore[size] = discarded;
        size++;
        return true;
    }

    int size() {
        return size;
    }

    /** Events given up just before event {@code i}: the drain thread says so first. */
    long discardedBefore(int i) {
        return discardedBefore[i];
    }

    /** Events given up after the last event of this batch, when nothing came after them. */
    long discardedAfter() {
        return discardedAfter;
    }

    void setDiscardedAfter(long discarded) {
        discardedAfter = discarded;
    }

    /**
     * Record {@code i} ("<d>" and payload), framed by the position and limit of a view that is
     * reused for the next call.
     */
    ByteBuffer record(int i) {
        view.limit(offsets[i] + lengths[i]).position(offsets[i]);
        return view;
    }

    /** Cuts the payload of event {@code i} to {@code maxPayload} bytes, with a visible ending. */
    void truncate(int i, int maxPayload) {
        int start = offsets[i] + PREFIX;
        int length = lengths[i] - PREFIX;
        view.limit(start + length);
        lengths[i] = PREFIX + Truncation.cut(view, start, length, maxPayload);
    }

    int payloadLength(int i) {
        return lengths[i] - PREFIX;
    }

    /** The payload of event {@code i} as a new array, for the error appender. */
    byte[] payload(int i) {
        byte[] out = new byte[lengths[i] - PREFIX];
        bytes.get(offsets[i] + PREFIX, out);
        return out;
    }

    SyslogLevel syslogLevel(int i) {
        return LevelMapping.toSyslog(levels[i]);
    }

    Level level(int i) {
        return levels[i];
    }

    long timeMillis(int i) {
        return times[i];
    }

    Object origin(int i) {
        return origins[i];
    }
}
