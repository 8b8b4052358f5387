package io.github.kernellogger.appender;

import java.nio.ByteBuffer;
import org.apache.logging.log4j.Level;

/**
 * Slots for formatted events, as parallel arrays: event {@code i}'s fields are at index
 * {@code i} of each. {@link EventQueue} keeps its ring in one, {@link RecordBatch} the details
 * of the events it took in another.
 *
 * <p>Arrays, not an object per event, because producer and consumer run on different cores:
 * consecutive events share cache lines, so each side moves a line per eight or sixteen events,
 * where an object per event would cost a line (or two) per event; and the consumer copies a run
 * of events' details with {@link System#arraycopy}.
 *
 * <p>Not thread-safe: the owner guards it.
 */
final class EventSlots {
    /** The smallest payload array made: an ordinary event then fits the one it finds. */
    private static final int MIN_PAYLOAD_BYTES = 256;

    /**
     * The payloads: event i's first {@code lengths[i]} bytes. An array stays for the next event
     * when it is within the owner's per-slot budget (see {@link EventQueue}).
     */
    final byte[][] payloads;
    final int[] lengths;
    final Level[] levels;
    final long[] timeMillis;
    /**
     * Who put each event: the drain thread hands it back when the device fails. Cleared once the
     * event is taken, so that no slot keeps an appender (and its configuration) reachable.
     */
    final Object[] origins;
    /** Events given up just before each one was put. */
    final long[] discardedBefore;

    EventSlots(int capacity) {
        payloads = new byte[capacity][];
        lengths = new int[capacity];
        levels = new Level[capacity];
        timeMillis = new long[capacity];
        origins = new Object[capacity];
        discardedBefore = new long[capacity];
    }

    int capacity() {
        return lengths.length;
    }

    /**
     * Copies an event into slot {@code i}, reusing the payload array there when it fits; a new
     * one is made no larger than it must be beyond {@code slotBytes}, the slot's budget.
     */
    void set(int i, ByteBuffer bytes, Level level, long time, Object origin, long discarded,
            int slotBytes) {
        int n = bytes.remaining();
        byte[] payload = payloads[i];
        if (payload == null || payload.length < n) {
            payload = new byte[Math.max(n, Math.min(MIN_PAYLOAD_BYTES, slotBytes))];
            payloads[i] = payload;
        }
        if (bytes.hasArray()) {
            System.arraycopy(bytes.array(), bytes.arrayOffset() + bytes.position(), payload, 0, n);
        } else {
            bytes.get(bytes.position(), payload, 0, n);
        }
        lengths[i] = n;
        levels[i] = level;
        timeMillis[i] = time;
        origins[i] = origin;
        discardedBefore[i] = discarded;
    }

    /**
     * Copies the details of {@code n} events from slot {@code from} on into {@code to}'s slots
     * from {@code at} on; the payload arrays stay here. No wrapping: the caller splits a run.
     */
    void copyDetails(int from, EventSlots to, int at, int n) {
        System.arraycopy(lengths, from, to.lengths, at, n);
        System.arraycopy(levels, from, to.levels, at, n);
        System.arraycopy(timeMillis, from, to.timeMillis, at, n);
        System.arraycopy(origins, from, to.origins, at, n);
        System.arraycopy(discardedBefore, from, to.discardedBefore, at, n);
    }

    /** Copies {@code n} whole events, payload arrays included, from slot {@code from} on. */
    void copy(int from, EventSlots to, int at, int n) {
        copyDetails(from, to, at, n);
        System.arraycopy(payloads, from, to.payloads, at, n);
    }
}
