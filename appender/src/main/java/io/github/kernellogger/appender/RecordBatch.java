package io.github.kernellogger.appender;

import java.nio.ByteBuffer;
import org.apache.logging.log4j.Level;

/**
 * The events {@link EventQueue#drainTo} lent the drain thread, laid out as the records the
 * device takes: for each, {@code "<d>"} (its syslog level) and the payload, back to back in one
 * direct buffer. The other details of each event are read from its slot, which stays lent until
 * {@link EventQueue#release}. The drain thread owns one batch and reuses it, so writing
 * allocates nothing.
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
    private EventQueue.Slot[] slots;
    private int first;
    private int size;
    private long discardedAfter;

    /** Bytes an event of {@code length} bytes takes as a record. */
    static int recordSize(int length) {
        return PREFIX + length;
    }

    void reset() {
        slots = null;
        size = 0;
        discardedAfter = 0;
    }

    /** Whether records of {@code total} bytes fit in one batch. */
    boolean fits(int total) {
        return total <= bytes.capacity();
    }

    /**
     * Copies the events of the slots lent, {@code count} from {@code first} on, into records.
     * Called without the queue's lock: nobody writes a lent slot.
     */
    void layOut(EventQueue.Slot[] lent, int first, int count) {
        this.slots = lent;
        this.first = first;
        this.size = count;
        int total = 0;
        for (int i = 0; i < count; i++) {
            total += recordSize(slot(i).length);
        }
        if (total > bytes.capacity()) {
            // One event larger than a whole batch: a buffer of its own.
            bytes = ByteBuffer.allocateDirect(Math.max(total, INITIAL_BYTES));
            view = bytes.duplicate();
        }
        int at = 0;
        for (int i = 0; i < count; i++) {
            EventQueue.Slot s = slot(i);
            offsets[i] = at;
            lengths[i] = s.length;
            bytes.put(at, (byte) '<');
            bytes.put(at + 1, (byte) ('0' + LevelMapping.toSyslog(s.level).code()));
            bytes.put(at + 2, (byte) '>');
            bytes.put(at + PREFIX, s.payload, 0, s.length);
            at += PREFIX + s.length;
        }
    }

    private EventQueue.Slot slot(int i) {
        int at = first + i;
        return slots[at < slots.length ? at : at - slots.length];
    }

    int size() {
        return size;
    }

    /** Events given up just before event {@code i}: the drain thread says so first. */
    long discardedBefore(int i) {
        return slot(i).discardedBefore;
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
        return slot(i).level;
    }

    long timeMillis(int i) {
        return slot(i).timeMillis;
    }

    Object origin(int i) {
        return slot(i).origin;
    }
}
