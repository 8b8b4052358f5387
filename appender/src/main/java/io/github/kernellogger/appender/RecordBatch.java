package io.github.kernellogger.appender;

import java.nio.ByteBuffer;
import org.apache.logging.log4j.Level;

/**
 * Events {@link EventQueue#drainTo} took out, laid out as the records the device takes: for
 * each, {@code "<d>"} (its syslog level) and the payload, back to back in one direct buffer,
 * with the details the drain thread needs when the device fails. The drain thread owns one batch
 * and reuses it, so writing allocates nothing.
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

    /** Bytes an event of {@code length} bytes takes as a record. */
    static int recordSize(int length) {
        return PREFIX + length;
    }

    void reset() {
        size = 0;
        discardedAfter = 0;
    }

    /** Whether records of {@code total} bytes fit in one batch. */
    boolean fits(int total) {
        return total <= bytes.capacity();
    }

    /**
     * Copies the events of {@code count} slots from {@code first} on into records. Called
     * without the queue's lock: nobody writes a slot that is being copied out.
     */
    void layOut(EventQueue.Slot[] slots, int first, int count) {
        this.size = count;
        int total = 0;
        for (int i = 0; i < count; i++) {
            total += recordSize(slots[(first + i) % slots.length].length);
        }
        if (total > bytes.capacity()) {
            // One event larger than a whole batch: a buffer of its own.
            bytes = ByteBuffer.allocateDirect(Math.max(total, INITIAL_BYTES));
            view = bytes.duplicate();
        }
        int at = 0;
        for (int i = 0; i < count; i++) {
            EventQueue.Slot s = slots[(first + i) % slots.length];
            offsets[i] = at;
            lengths[i] = s.length;
            levels[i] = s.level;
            times[i] = s.timeMillis;
            origins[i] = s.origin;
            discardedBefore[i] = s.discardedBefore;
            bytes.put(at, (byte) '<');
            bytes.put(at + 1, (byte) ('0' + LevelMapping.toSyslog(s.level).code()));
            bytes.put(at + 2, (byte) '>');
            bytes.put(at + PREFIX, s.payload, 0, s.length);
            at += PREFIX + s.length;
        }
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
        view.limit(offsets[i] + PREFIX + lengths[i]).position(offsets[i]);
        return view;
    }

    /** Cuts the payload of event {@code i} to {@code maxPayload} bytes, with a visible ending. */
    void truncate(int i, int maxPayload) {
        int start = offsets[i] + PREFIX;
        view.limit(start + lengths[i]);
        lengths[i] = Truncation.cut(view, start, lengths[i], maxPayload);
    }

    int payloadLength(int i) {
        return lengths[i];
    }

    /** The payload of event {@code i} as a new array, for the error appender. */
    byte[] payload(int i) {
        byte[] out = new byte[lengths[i]];
        bytes.get(offsets[i] + PREFIX, out);
        return out;
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
