package io.github.kernellogger.appender;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;

/**
 * A bounded circular buffer of formatted events: the pthread mutex and two condition variables
 * of the C original, in Java.
 *
 * <p>Any number of producers (application threads) copy an event's bytes into the next free
 * slot; one consumer (the drain thread) takes whole batches. When the buffer is full a producer
 * chooses: {@link #offer} fails at once, {@link #offer(ByteBuffer, Level, long, Object, long,
 * TimeUnit)} waits a while, {@link #put} waits until there is room or it is interrupted,
 * {@link #putUninterruptibly} waits until there is room. No put takes the lock interruptibly
 * (unlike ArrayBlockingQueue's): a thread whose interrupt status is set still puts while there
 * is room, and only a wait for room ends on an interrupt. A producer that gives up calls
 * {@link #countDiscarded}; the count travels with the next event put (or, if none comes, with
 * the next batch), so that the drain thread can say in the log itself how many events were lost,
 * at the place in the stream where they were lost.
 *
 * <p>A batch is taken in three steps: under the lock, {@link #drainTo} counts the oldest events
 * (at most {@link RecordBatch#MAX_EVENTS}) as lent; without it, the batch copies out as many of
 * them as fit (no producer touches a slot that is still counted); under the lock again, it hands
 * back the slots of those it took. So the lock is held only for bookkeeping, and reads nothing of
 * the events: each read would be a cache miss, on a line a producer on the other core has just
 * written, while every producer waits. A steady stream of events of ordinary size allocates
 * nothing: each slot keeps its byte array for the next event (see {@link EventSlots}), as long
 * as the array is within the slot's share of {@code queueBytes}; a larger one is let go when
 * its event is taken, so that an empty queue keeps at most {@code queueBytes} of arrays,
 * whatever it once held.
 *
 * <p>Invariants, under {@link #lock}: {@code 0 <= lent <= count <= capacity}; the events are the
 * {@code count} slots from {@code takeIndex} on, wrapping at {@code capacity}, the first
 * {@code lent} of them being copied out by the consumer; {@code putIndex == (takeIndex + count) %
 * capacity}. Every wait re-checks its condition in a loop. One put signals {@link #notEmpty}
 * once; handing back k slots signals {@link #notFull} up to k times, once per waiting producer it
 * made room for: {@code signal}, never {@code signalAll}, so that no thread wakes for nothing.
 * Only {@link #close} wakes everyone.
 */
final class EventQueue {
    /** Main lock guarding all access. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Condition for waiting takes. */
    private final Condition notEmpty = lock.newCondition();
    /** Condition for waiting puts. */
    private final Condition notFull = lock.newCondition();

    private EventSlots slots;
    /** Slot of the next event to take. */
    private int takeIndex;
    /** Slot for the next event to put. */
    private int putIndex;
    /** Events in the buffer, lent ones included. */
    private int count;
    /** Events the consumer is copying out, without the lock, in drainTo. */
    private int lent;
    /** A capacity to change to once the slots being copied out are back; 0 for none. */
    private int pendingCapacity;
    /** No more puts; the consumer drains what is left. */
    private boolean closed;
    /** Events given up since the last put, reported with the next event or batch. */
    private long discardedSincePut;
    /** The most bytes of payload arrays the slots keep between events, all together. */
    private long queueBytes;
    /** {@link #queueBytes} per slot: a larger array is let go once its event is taken. */
    private int slotBytes;

    // Totals for monitoring, under the lock like the rest: a volatile write per event would cost
    // a full fence on the hot path.
    private long enqueued;
    private long discarded;

    /**
     * @param capacity events it holds
     * @param queueBytes the most bytes of payload arrays its slots keep between events
     */
    EventQueue(int capacity, long queueBytes) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1: " + capacity);
        }
        slots = new EventSlots(capacity);
        setQueueBytesNow(queueBytes);
    }

    /** Changes the budget of bytes the slots keep; slots over it shrink as their events go. */
    void setQueueBytes(long queueBytes) {
        lock.lock();
        try {
            setQueueBytesNow(queueBytes);
        } finally {
            lock.unlock();
        }
    }

    /** Call only when holding lock, or from the constructor. */
    private void setQueueBytesNow(long queueBytes) {
        if (queueBytes < 0) {
            throw new IllegalArgumentException("queueBytes must not be negative: " + queueBytes);
        }
        this.queueBytes = queueBytes;
        slotBytes = (int) Math.min(Integer.MAX_VALUE, queueBytes / slots.capacity());
    }

    /** Copies an event into the slot at putIndex. Call only when holding lock, with room. */
    private void enqueue(ByteBuffer bytes, Level level, long timeMillis, Object origin) {
        slots.set(putIndex, bytes, level, timeMillis, origin, discardedSincePut, slotBytes);
        discardedSincePut = 0;
        putIndex = putIndex + 1 == slots.capacity() ? 0 : putIndex + 1;
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
            if (closed || count == slots.capacity()) {
                return false;
            }
            enqueue(bytes, level, timeMillis, origin);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts an event, waiting up to {@code timeout} for room. An interrupt ends only the wait:
     * with room, the event goes in and the thread keeps its interrupt status.
     *
     * @return false if the time ran out or the queue was closed
     * @throws InterruptedException if interrupted while waiting, and there was still no room;
     *     nothing was put
     */
    boolean offer(ByteBuffer bytes, Level level, long timeMillis, Object origin, long timeout,
            TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (count == slots.capacity() && !closed) {
                if (nanos <= 0L) {
                    return false;
                }
                try {
                    nanos = notFull.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    if (!waitOverAfterInterrupt()) {
                        throw e;
                    }
                }
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
     * Puts an event, waiting for room as long as it takes. An interrupt ends only the wait: with
     * room, the event goes in and the thread keeps its interrupt status.
     *
     * @return false if the queue was closed
     * @throws InterruptedException if interrupted while waiting, and there was still no room;
     *     nothing was put
     */
    boolean put(ByteBuffer bytes, Level level, long timeMillis, Object origin)
            throws InterruptedException {
        lock.lock();
        try {
            while (count == slots.capacity() && !closed) {
                try {
                    notFull.await();
                } catch (InterruptedException e) {
                    if (!waitOverAfterInterrupt()) {
                        throw e;
                    }
                }
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
     * After an interrupt ended a wait for room (the lock is held again): whether the wait is
     * over anyway, as there is room now or the queue was closed; if so, the interrupt status is
     * set again for the thread's own code to see.
     * LOG4J2-1049, as Log4j's AsyncAppender: threads use interrupts to talk to each other, and
     * one is no reason to lose an event there is room for.
     */
    private boolean waitOverAfterInterrupt() {
        if (count == slots.capacity() && !closed) {
            return false;
        }
        Thread.currentThread().interrupt();
        return true;
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
            while (count == slots.capacity() && !closed) {
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
     * Moves the oldest events into {@code batch}, as many as fit in {@code maxBytes}, waiting up
     * to {@code timeoutNanos} for the first, laid out as one framed write. For the one consumer
     * thread.
     *
     * @return the number moved, 0 if none came in time (the batch may still carry discards);
     *     -1 once the queue is closed and empty
     */
    int drainTo(RecordBatch batch, long timeoutNanos, int maxBytes) throws InterruptedException {
        EventSlots lentSlots;
        int first;
        int n;
        int keep;
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
            n = Math.min(count, RecordBatch.MAX_EVENTS);
            lent = n;
            lentSlots = slots;
            first = takeIndex;
            keep = slotBytes;
        } finally {
            lock.unlock();
        }
        // No producer writes a slot that is still counted: copy them out without the lock,
        // then hand the slots back at once, so producers have the room while the batch is
        // written.
        int taken = 1;
        try {
            taken = batch.layOut(lentSlots, first, n, keep, maxBytes);
        } finally {
            // Should laying out fail (no memory for the buffer of one huge event), the oldest
            // event is given up, so that the next batch does not fail on it again.
            handBack(taken, batch);
        }
        batch.endWithNotice();
        return taken;
    }

    /**
     * Frees the slots of the {@code taken} oldest events, and ends the loan of the rest. When
     * the queue is then empty, the batch carries the discards that came after its last event.
     */
    private void handBack(int taken, RecordBatch batch) {
        lock.lock();
        try {
            takeIndex = (takeIndex + taken) % slots.capacity();
            count -= taken;
            lent = 0;
            if (count == 0) {
                batch.setDiscardedAfter(discardedSincePut);
                discardedSincePut = 0;
            }
            if (pendingCapacity != 0) {
                resizeNow(pendingCapacity);
            }
            for (int k = taken; k > 0 && lock.hasWaiters(notFull); k--) {
                notFull.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Changes the capacity, keeping every event and its order (while a batch is being copied
     * out, right after). A capacity below the events held is raised to that many.
     */
    void resize(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1: " + capacity);
        }
        lock.lock();
        try {
            if (lent != 0) {
                pendingCapacity = capacity;
            } else {
                resizeNow(capacity);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Call only when holding lock, with no slot lent. */
    private void resizeNow(int capacity) {
        pendingCapacity = 0;
        int newCapacity = Math.max(capacity, count);
        if (newCapacity == slots.capacity()) {
            return;
        }
        EventSlots old = slots;
        slots = new EventSlots(newCapacity);
        int run = Math.min(count, old.capacity() - takeIndex);
        old.copy(takeIndex, slots, 0, run);
        old.copy(0, slots, run, count - run);
        takeIndex = 0;
        putIndex = count % newCapacity;
        setQueueBytesNow(queueBytes);
        for (int k = newCapacity - old.capacity(); k > 0 && lock.hasWaiters(notFull); k--) {
            notFull.signal();
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

    /** Reads a field under the lock, for monitoring: rare, and never on the hot path. */
    private <T> T locked(Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    /** Events in the queue. */
    int size() {
        return locked(() -> count);
    }

    int capacity() {
        return locked(() -> slots.capacity());
    }

    /** Events put since creation. */
    long enqueued() {
        return locked(() -> enqueued);
    }

    /** Events producers gave up since creation. */
    long discarded() {
        return locked(() -> discarded);
    }
}
