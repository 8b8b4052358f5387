package io.github.kernellogger.appender;

import java.nio.ByteBuffer;
import java.util.Arrays;
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

    /** The buffer of ordinary batches; {@link #bytes} is another only for one huge event. */
    private final ByteBuffer standard = ByteBuffer.allocateDirect(INITIAL_BYTES);
    private ByteBuffer bytes = standard;
    /** A second view of {@link #bytes} that frames one record at a time for writing. */
    private ByteBuffer view = bytes.duplicate();
    /** Each event's details; its payload is in {@link #bytes}, from its offset on. */
    private final EventSlots events = new EventSlots(MAX_EVENTS);
    private final int[] offsets = new int[MAX_EVENTS];
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

    /**
     * Lets go of what the events of this batch referred to, once they are written: the
     * appenders that sent them, and the buffer of a huge event.
     */
    void release() {
        Arrays.fill(events.origins, 0, size, null);
        if (bytes != standard) {
            bytes = standard;
            view = bytes.duplicate();
        }
    }

    /**
     * Copies the events of {@code count} slots of a ring from {@code first} on, wrapping at its
     * end, into records: all of them if they fit, else as many as fit, and at least the first,
     * however large. Called without the queue's lock: nobody writes the slots being copied out.
     * Each slot copied out lets go of its origin, and of its payload array if that is larger
     * than {@code slotBytes}.
     *
     * @return how many were copied
     */
    int layOut(EventSlots ring, int first, int count, int slotBytes) {
        int run = Math.min(count, ring.capacity() - first);
        ring.copyDetails(first, events, 0, run);
        ring.copyDetails(0, events, run, count - run);
        int at = 0;
        int n = 0;
        for (; n < count; n++) {
            int length = events.lengths[n];
            if (at + recordSize(length) > bytes.capacity()) {
                if (n > 0) {
                    break;
                }
                // One event larger than a whole batch: a buffer of its own.
                bytes = ByteBuffer.allocateDirect(recordSize(length));
                view = bytes.duplicate();
            }
            offsets[n] = at;
            bytes.put(at, (byte) '<');
            bytes.put(at + 1, (byte) ('0' + LevelMapping.toSyslog(events.levels[n]).code()));
            bytes.put(at + 2, (byte) '>');
            int slot = first + n < ring.capacity() ? first + n : first + n - ring.capacity();
            byte[] payload = ring.payloads[slot];
            bytes.put(at + PREFIX, payload, 0, length);
            if (payload.length > slotBytes) {
                ring.payloads[slot] = null;
            }
            ring.origins[slot] = null;
            at += recordSize(length);
        }
        size = n;
        return n;
    }

    int size() {
        return size;
    }

    /** Events given up just before event {@code i}: the drain thread says so first. */
    long discardedBefore(int i) {
        return events.discardedBefore[i];
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
        view.limit(offsets[i] + PREFIX + events.lengths[i]).position(offsets[i]);
        return view;
    }

    /** Cuts the payload of event {@code i} to {@code maxPayload} bytes, with a visible ending. */
    void truncate(int i, int maxPayload) {
        int start = offsets[i] + PREFIX;
        view.limit(start + events.lengths[i]);
        events.lengths[i] = Truncation.cut(view, start, events.lengths[i], maxPayload);
    }

    int payloadLength(int i) {
        return events.lengths[i];
    }

    /** The payload of event {@code i} as a new array, for the error appender. */
    byte[] payload(int i) {
        byte[] out = new byte[events.lengths[i]];
        bytes.get(offsets[i] + PREFIX, out);
        return out;
    }

    Level level(int i) {
        return events.levels[i];
    }

    long timeMillis(int i) {
        return events.timeMillis[i];
    }

    Object origin(int i) {
        return events.origins[i];
    }
}
