package io.github.kernellogger.appender;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.logging.log4j.Level;

/**
 * A bounded circular buffer of formatted events: the pthread mutex and two condition variables
 * of the C original, in Java.
 *
 * <p>Any number of producers (application threads) copy an event's bytes into the next free
 * slot; one consumer (the drain thread) moves whole batches out. When the buffer is full a
 * producer chooses: {@link #offer} fails at once, {@link #offer(ByteBuffer, Level, long, Object,
 * long, TimeUnit)} waits a while, {@link #put} waits until there is room or it is interrupted,
 * {@link #putUninterruptibly} waits until there is room. A producer that gives up calls
 * {@link #countDiscarded}; the count travels with the next event put (or, if none comes, with
 * the next batch), so that the drain thread can say in the log itself how many events were lost,
 * at the place in the stream where they were lost.
 *
 * <p>Slots keep their byte arrays from one event to the next, so a steady stream of events of
 * ordinary size allocates nothing; an array grown past {@link #RETAINED_SLOT_BYTES} for one large
 * event is dropped after it.
 *
 * <p>Invariants, under {@link #lock}: {@code 0 <= count <= capacity}; the events are the
 * {@code count} slots from {@code takeIndex} on, wrapping at {@code capacity}; {@code putIndex ==
 * (takeIndex + count) % capacity}. Every wait re-checks its condition in a loop. One put signals
 * {@link #notEmpty} once; one drain of k events signals {@link #notFull} up to k times, once per
 * waiting producer it made room for: {@code signal}, never {@code signalAll}, so that no thread
 * wakes for nothing. Only {@link #close} wakes everyone.
 */
final class EventQueue {
    /** Slot arrays larger than this are not kept for the next event. */
    static final int RETAINED_SLOT_BYTES = 4096;

    /** Main lock guarding all access. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Condition for waiting takes. */
    private final Condition notEmpty = lock.newCondition();
    /** Condition for waiting puts. */
    private final Condition notFull = lock.newCondition();

    /** The payload of each slot: its first {@code lengths[i]} bytes. */
    private byte[][] payloads;
    private int[] lengths;
    private Level[] levels;
    private long[] times;
    /** Who put the event: the drain thread hands it back when the device fails. */
    private Object[] origins;
    /** Events given up just before this one was put. */
    private long[] discardedBefore;

    /** Slot of the next event to take. */
    private int takeIndex;
    /** Slot for the next event to put. */
    private int putIndex;
    /** Events in the buffer. */
    private int count;
    /** No more puts; the consumer drains what is left. */
    private boolean closed;
    /** Events given up since the last put, reported with the next event or batch. */
    private long discardedSincePut;

    // Totals for monitoring: written under the lock, read without it.
    private volatile long enqueued;
    private volatile long discarded;

    EventQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1: " + capacity);
        }
        allocate(capacity);
    }

    private void allocate(int capacity) {
        payloads = new byte[capacity][];
        lengths = new int[capacity];
        levels = new Level[capacity];
        times = new long[capacity];
        origins = new Object[capacity];
        discardedBefore = new long[capacity];
    }

    /** Copies an event into the slot at putIndex. Call only when holding lock, with room. */
    private void enqueue(ByteBuffer bytes, Level level, long timeMillis, Object origin) {
        int i = putIndex;
        int n = bytes.remaining();
        byte[] slot = payloads[i];
        if (slot == null || slot.length < n) {
            slot = new byte[Math.max(n, 256)];
            payloads[i] = slot;
        }
        bytes.get(bytes.position(), slot, 0, n);
        lengths[i] = n;
        levels[i] = level;
        times[i] = timeMillis;
        origins[i] = origin;
        discardedBefore[i] = discardedSincePut;
        discardedSincePut = 0;
        putIndex = i + 1 == payloads.length ? 0 : i + 1;
        count++;
        enqueued++;
        notEmpty.signal();
    }

    /**
     * Puts an event if there is room now.
     *
     * @return false if the queue is full or closed
     */
    boolean offer(ByteBuffer bytes, Level level, long timeMillis, Object origin) {
        lock.lock();
        try {
            if (closed || count == payloads.length) {
                return false;
            }
            enqueue(bytes, level, timeMillis, origin);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts an event, waiting up to {@code timeout} for room.
     *
     * @return false if the time ran out or the queue was closed
     */
    boolean offer(ByteBuffer bytes, Level level, long timeMillis, Object origin, long timeout,
            TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (count == payloads.length && !closed) {
                if (nanos <= 0L) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            if (closed) {
                return false;
            }
            enqueue(bytes, level, timeMillis, origin);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts an event, waiting for room as long as it takes.
     *
     * @return false if the queue was closed
     * @throws InterruptedException if interrupted while waiting; nothing was put
     */
    boolean put(ByteBuffer bytes, Level level, long timeMillis, Object origin)
            throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (count == payloads.length && !closed) {
                notFull.await();
            }
            if (closed) {
                return false;
            }
            enqueue(bytes, level, timeMillis, origin);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts an event, waiting for room as long as it takes, even through interrupts; the thread's
     * interrupt status is kept for its own code to see.
     *
     * @return false if the queue was closed
     */
    boolean putUninterruptibly(ByteBuffer bytes, Level level, long timeMillis, Object origin) {
        lock.lock();
        try {
            while (count == payloads.length && !closed) {
                notFull.awaitUninterruptibly();
            }
            if (closed) {
                return false;
            }
            enqueue(bytes, level, timeMillis, origin);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A producer gave up an event; the next batch reports it. */
    void countDiscarded() {
        lock.lock();
        try {
            discardedSincePut++;
            discarded++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves events into {@code batch}, oldest first, as many as it takes, waiting up to
     * {@code timeoutNanos} for the first. For the one consumer thread.
     *
     * @return the number moved, 0 if none came in time (the batch may still carry discards);
     *     -1 once the queue is closed and empty
     */
    int drainTo(RecordBatch batch, long timeoutNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            long nanos = timeoutNanos;
            batch.reset();
            while (count == 0 && discardedSincePut == 0) {
                if (closed) {
                    return -1;
                }
                if (nanos <= 0L) {
                    return 0;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            int moved = 0;
            while (count > 0) {
                int i = takeIndex;
                if (!batch.add(payloads[i], lengths[i], levels[i], times[i], origins[i],
                        discardedBefore[i])) {
                    break;
                }
                if (payloads[i].length > RETAINED_SLOT_BYTES) {
                    payloads[i] = null;
                }
                levels[i] = null;
                origins[i] = null;
                takeIndex = i + 1 == payloads.length ? 0 : i + 1;
                count--;
                moved++;
            }
            if (count == 0) {
                batch.setDiscardedAfter(discardedSincePut);
                discardedSincePut = 0;
            }
            for (int k = moved; k > 0 && lock.hasWaiters(notFull); k--) {
                notFull.signal();
            }
            return moved;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Changes the capacity, keeping every event and its order. A capacity below the events
     * held is raised to that many.
     */
    void resize(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1: " + capacity);
        }
        lock.lock();
        try {
            int newCapacity = Math.max(capacity, count);
            if (newCapacity == payloads.length) {
                return;
            }
            byte[][] p = payloads;
            int[] l = lengths;
            Level[] v = levels;
            long[] t = times;
            Object[] o = origins;
            long[] d = discardedBefore;
            int oldCapacity = p.length;
            allocate(newCapacity);
            for (int k = 0; k < count; k++) {
                int from = (takeIndex + k) % oldCapacity;
                payloads[k] = p[from];
                lengths[k] = l[from];
                levels[k] = v[from];
                times[k] = t[from];
                origins[k] = o[from];
                discardedBefore[k] = d[from];
            }
            takeIndex = 0;
            putIndex = count % newCapacity;
            for (int k = newCapacity - oldCapacity; k > 0 && lock.hasWaiters(notFull); k--) {
                notFull.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses further puts and wakes every waiting producer (they return false) and the
     * consumer, which drains what is left.
     */
    void close() {
        lock.lock();
        try {
            closed = true;
            notFull.signalAll();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        lock.lock();
        try {
            return payloads.length;
        } finally {
            lock.unlock();
        }
    }

    /** Events put since creation. */
    long enqueued() {
        return enqueued;
    }

    /** Events producers gave up since creation. */
    long discarded() {
        return discarded;
    }
}
