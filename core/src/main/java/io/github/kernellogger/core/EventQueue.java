package io.github.kernellogger.core;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A bounded circular buffer of captured events in front of the device's one writer: the pthread
 * mutex and two condition variables of the C original, in Java. Knows no logging framework: its
 * slots are {@link QueuedEvent}s, made once by the framework's adapter and reused.
 *
 * <p><b>Logging threads</b> reserve the next free slot under the lock, fill it without the lock
 * ({@link QueuedEvent}) and {@link #publish} it. When the buffer is full a thread chooses:
 * {@link #tryReserve} fails at once, {@link #reserve(long, TimeUnit)} waits a while,
 * {@link #reserve()} waits until there is room or it is interrupted,
 * {@link #reserveUninterruptibly} waits until there is room. No reservation takes the lock
 * interruptibly (unlike ArrayBlockingQueue's puts): a thread whose interrupt status is set still
 * reserves while there is room, and only a wait for room ends on an interrupt. A thread that
 * gives up calls {@link #countDiscarded}; the count travels with the next event reserved (or, if
 * none comes, with the next batch), so that the writer can say in the log itself how many events
 * were lost, at the place in the stream where they were lost.
 *
 * <p><b>The writer role</b>: one thread at a time takes events out, lays them out and writes
 * them, in order: the drain thread ({@link #drainTo}), or a logging thread whose event must be on
 * the device before its call returns ({@link #awaitTurn}, {@link #takeBatch},
 * {@link #batchWritten}), which writes everything queued before its event, and the events of
 * other such threads queued meanwhile, with it (group commit). Each event has a sequence number
 * ({@link QueuedEvent#seq}); everything before {@link #writtenSeq} is on the device (or was
 * handed elsewhere). A batch is taken in three steps: under the lock, the oldest events (at most
 * {@link RecordBatch#MAX_EVENTS}) are counted as lent; without it, the batch lays out those that
 * are filled, in order, up to the first that is still being filled; under the lock again, it
 * hands back their slots. So the lock is held only for bookkeeping, and reads one event (the
 * oldest, to see whether it is filled) rather than a cache line per event while every logging
 * thread waits.
 *
 * <p><b>Who wakes whom.</b> A logging thread does not wake the drain thread for each event: after
 * writing a batch, the drain thread <em>lingers</em>, waiting for at most {@link #lingerNanos}
 * without being signalled, and writes what came meanwhile as one batch; only when a linger finds
 * nothing does it become <em>idle</em>, and then the first reservation wakes it (one signal, not
 * one per event). A reservation also wakes a lingering drain thread when a full batch
 * ({@link #wakeCount} events) is waiting. So an event waits for the drain thread at most
 * {@code lingerNanos}, plus the write of the batch ahead of it. The writer waiting for the
 * oldest event's slot to be filled is woken by that slot's publish ({@link #awaitingFill}).
 *
 * <p>Invariants, under {@link #lock}: {@code 0 <= lent <= count <= capacity}; the reserved events
 * are the {@code count} slots from {@code takeIndex} on, wrapping at {@code capacity}, with
 * sequence numbers {@code takenSeq} to {@code nextSeq - 1}, the first {@code lent} of them being
 * laid out by the writer; {@code writtenSeq <= takenSeq}. Every wait re-checks its condition in
 * a loop. {@link #notFull} is signalled once per slot handed back, for as many logging threads as
 * wait for room: {@code signal}, never {@code signalAll}, so that no thread wakes for nothing;
 * {@link #notEmpty}, where the drain thread and logging threads waiting for the writer role
 * wait, with {@code signal} while only one thread waits there, else {@code signalAll}. Only
 * {@link #close} wakes everyone.
 */
public final class EventQueue<E extends QueuedEvent> {
    /** {@link #awaitTurn}: the event is written; the caller does not hold the role. */
    public static final int WRITTEN = 0;
    /** {@link #awaitTurn}: the caller holds the writer role now and writes. */
    public static final int MY_TURN = 1;
    /** {@link #awaitTurn}: the deadline passed first; the event stays queued. */
    public static final int TIMED_OUT = 2;
    /** {@link #awaitTurn}: the writer is gone (the drain thread ended); nothing more is written. */
    public static final int GIVEN_UP = 3;

    // How the drain thread waits, for the reservations that decide whether to wake it.
    private static final int RUNNING = 0;
    private static final int LINGERING = 1;
    private static final int IDLE = 2;
    /** Waiting for the writer role, which a logging thread holds. */
    private static final int BLOCKED = 3;

    /** Main lock guarding all access. */
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Condition for the writer side: the drain thread waits here for events, and logging threads
     * writing an event through wait here for the writer role.
     */
    private final Condition notEmpty = lock.newCondition();
    /** Condition for waiting reservations. */
    private final Condition notFull = lock.newCondition();

    private final Supplier<E> newSlot;
    private QueuedEvent[] slots;
    /** Slot of the oldest reserved event. */
    private int takeIndex;
    /** Reserved events, filled or being filled, lent ones included. */
    private int count;
    /** Events the writer is laying out, without the lock. */
    private int lent;
    /** A capacity to change to once the slots being laid out are back; 0 for none. */
    private int pendingCapacity;
    /** No more reservations; the writer drains what is left. */
    private boolean closed;
    /** The drain thread ended: nothing more will be written. */
    private boolean writerGone;
    /** Events given up since the last reservation, reported with the next event or batch. */
    private long discardedSincePut;
    /** The most bytes the slots keep between events, all together. */
    private long queueBytes;
    /** {@link #queueBytes} per slot. */
    private int slotBytes;

    /** The sequence number of the next reservation. */
    private long nextSeq;
    /** The sequence number of the oldest event no writer has taken yet. */
    private long takenSeq;
    /** Every event before this sequence number is written (or was handed elsewhere). */
    private long writtenSeq;
    /** The thread holding the writer role, or null; read without the lock only to ask "is it me". */
    private volatile Thread writer;
    /** The drain thread. */
    private volatile Thread drainThread;
    /** Threads waiting in {@link #notEmpty}. */
    private int writerSideWaiters;
    /** Of them, logging threads waiting for the writer role or for their event's write. */
    private int roleWaiters;
    /** How the drain thread waits now: read by reservations under the lock. */
    private int drainWait = RUNNING;
    /**
     * A reservation has decided to wake the drain thread, which has not waited again since: the
     * reservations after it need not. Cleared whenever the drain thread starts a wait.
     */
    private boolean wakePending;
    /**
     * The writer holds the role and waits for the oldest event's slot to be filled: the publish
     * of a slot reads it without the lock.
     */
    private volatile boolean awaitingFill;
    /** How long the drain thread waits for more events after a batch, unsignalled; 0 for not at all. */
    private long lingerNanos;
    /** Reservations that find this many events queued wake a lingering drain thread. */
    private int wakeCount = RecordBatch.MAX_EVENTS;
    /** Whether the drain thread's next wait on an empty queue is a linger; false once one found nothing. */
    private boolean lingerNext;

    // Totals for monitoring, under the lock like the rest: a volatile write per event would cost
    // a full fence on the hot path.
    private long enqueued;
    private long discarded;
    /** Reservations whose publish woke the drain thread: each a system call on a logging thread. */
    private long wakes;

    /**
     * @param capacity events it holds
     * @param queueBytes the most bytes the slots keep between events, all together
     * @param lingerNanos how long the drain thread waits for more events after a batch
     * @param newSlot makes a slot: the framework's captured event
     */
    EventQueue(int capacity, long queueBytes, long lingerNanos, Supplier<E> newSlot) {
        if (capacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1: " + capacity);
        }
        this.newSlot = newSlot;
        slots = new QueuedEvent[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = newSlot.get();
        }
        setQueueBytesNow(queueBytes);
        setLingerNow(lingerNanos);
    }

    /** The thread that calls {@link #drainTo}: logging from it never waits for the queue. */
    void setDrainThread(Thread drainThread) {
        this.drainThread = drainThread;
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
        slotBytes = (int) Math.min(Integer.MAX_VALUE, queueBytes / slots.length);
    }

    /** Changes how long the drain thread lingers after a batch; 0 turns lingering off. */
    void setLinger(long lingerNanos) {
        lock.lock();
        try {
            setLingerNow(lingerNanos);
            // A drain thread lingering for longer than the new bound must not wait it out.
            signalWriterSide();
        } finally {
            lock.unlock();
        }
    }

    /** Call only when holding lock, or from the constructor. */
    private void setLingerNow(long lingerNanos) {
        if (lingerNanos < 0) {
            throw new IllegalArgumentException("linger must not be negative: " + lingerNanos);
        }
        this.lingerNanos = lingerNanos;
    }

    /** Call only when holding lock. */
    private int index(int i) {
        return i < slots.length ? i : i - slots.length;
    }

    /**
     * Reserves the next slot: sets its sequence number and the discards before it, and decides
     * whether its publish wakes the drain thread: never for an event its own thread writes
     * through, which takes the writer's place instead. Call only when holding lock, with room.
     */
    @SuppressWarnings("unchecked")
    private E reserveNow(boolean writeThrough) {
        E slot = (E) slots[index(takeIndex + count)];
        slot.seq = nextSeq++;
        slot.discardedBefore = discardedSincePut;
        discardedSincePut = 0;
        count++;
        enqueued++;
        slot.wakeWriter = !writeThrough && !wakePending
                && (drainWait == IDLE || drainWait == LINGERING && count >= wakeCount);
        if (slot.wakeWriter) {
            wakePending = true;
            wakes++;
        }
        return slot;
    }

    /**
     * Reserves a slot if there is room now.
     *
     * @return the slot to fill and {@link #publish}, or null if the queue is full or closed
     */
    public E tryReserve() {
        return tryReserve(false);
    }

    /**
     * The same, for an event its thread then writes through ({@link #awaitTurn}) when
     * {@code writeThrough}: its publish wakes nobody.
     */
    public E tryReserve(boolean writeThrough) {
        return tryReserveLeaving(1, writeThrough);
    }

    /**
     * Reserves a slot only if at least {@code minFree} slots are free now (and at least one):
     * Logback's {@code discardingThreshold}, which gives up an event of low level once fewer than
     * that many slots are left, decided with the reservation under one lock.
     *
     * @param writeThrough as for {@link #tryReserve(boolean)}
     * @return the slot, or null if fewer slots are free, or the queue is closed
     */
    public E tryReserveLeaving(int minFree, boolean writeThrough) {
        lock.lock();
        try {
            if (closed || slots.length - count < Math.max(1, minFree)) {
                return null;
            }
            return reserveNow(writeThrough);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reserves a slot, waiting up to {@code timeout} for room. An interrupt ends only the wait:
     * with room, the slot is reserved and the thread keeps its interrupt status.
     *
     * @param writeThrough as for {@link #tryReserve(boolean)}
     * @return the slot, or null if the time ran out or the queue was closed
     * @throws InterruptedException if interrupted while waiting, and there was still no room;
     *     nothing was reserved
     */
    public E reserve(long timeout, TimeUnit unit, boolean writeThrough) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (count == slots.length && !closed) {
                if (nanos <= 0L) {
                    return null;
                }
                try {
                    nanos = notFull.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    if (!waitOverAfterInterrupt()) {
                        throw e;
                    }
                }
            }
            return closed ? null : reserveNow(writeThrough);
        } finally {
            lock.unlock();
        }
    }

    public E reserve(long timeout, TimeUnit unit) throws InterruptedException {
        return reserve(timeout, unit, false);
    }

    /**
     * Reserves a slot, waiting for room as long as it takes. An interrupt ends only the wait:
     * with room, the slot is reserved and the thread keeps its interrupt status.
     *
     * @param writeThrough as for {@link #tryReserve(boolean)}
     * @return the slot, or null if the queue was closed
     * @throws InterruptedException if interrupted while waiting, and there was still no room;
     *     nothing was reserved
     */
    public E reserve(boolean writeThrough) throws InterruptedException {
        lock.lock();
        try {
            while (count == slots.length && !closed) {
                try {
                    notFull.await();
                } catch (InterruptedException e) {
                    if (!waitOverAfterInterrupt()) {
                        throw e;
                    }
                }
            }
            return closed ? null : reserveNow(writeThrough);
        } finally {
            lock.unlock();
        }
    }

    public E reserve() throws InterruptedException {
        return reserve(false);
    }

    /**
     * After an interrupt ended a wait for room (the lock is held again): whether the wait is
     * over anyway, as there is room now or the queue was closed; if so, the interrupt status is
     * set again for the thread's own code to see.
     * LOG4J2-1049, as Log4j's AsyncAppender: threads use interrupts to talk to each other, and
     * one is no reason to lose an event there is room for.
     */
    private boolean waitOverAfterInterrupt() {
        if (count == slots.length && !closed) {
            return false;
        }
        Thread.currentThread().interrupt();
        return true;
    }

    /**
     * Reserves a slot, waiting for room as long as it takes, even through interrupts; the
     * thread's interrupt status is kept for its own code to see.
     *
     * @param writeThrough as for {@link #tryReserve(boolean)}
     * @return the slot, or null if the queue was closed
     */
    public E reserveUninterruptibly(boolean writeThrough) {
        lock.lock();
        try {
            while (count == slots.length && !closed) {
                notFull.awaitUninterruptibly();
            }
            return closed ? null : reserveNow(writeThrough);
        } finally {
            lock.unlock();
        }
    }

    public E reserveUninterruptibly() {
        return reserveUninterruptibly(false);
    }

    /**
     * The reserving thread has filled its slot: the writer may take it. Wakes the writer when
     * the reservation said so, or when the writer waits for this very slot. Read the slot's
     * {@link QueuedEvent#seq} before: once published, the slot may be written and reused.
     */
    public void publish(E slot) {
        boolean wake = slot.wakeWriter;
        slot.setFilled(true);
        // A volatile write, then a volatile read: either the writer, which sets awaitingFill
        // before it looks at the slot, sees it filled, or this sees the writer waiting.
        if (wake || awaitingFill) {
            lock.lock();
            try {
                signalWriterSide();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Filling the slot failed: it is published empty, so that the writer does not wait for it,
     * and skipped, counted as lost.
     */
    public void abandon(E slot) {
        slot.abandoned = true;
        publish(slot);
    }

    /** Call only when holding lock. */
    private void signalWriterSide() {
        if (writerSideWaiters > 1) {
            notEmpty.signalAll();
        } else {
            notEmpty.signal();
        }
    }

    /** A logging thread gave up an event; the next batch reports it. */
    public void countDiscarded() {
        lock.lock();
        try {
            discardedSincePut++;
            discarded++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The drain thread's step: ends the write of its previous batch, if it holds the writer
     * role; waits, as the class comment says, until there is something to write and the role is
     * free; takes the role and lays out into {@code batch} the oldest filled events, as many as
     * fit; and keeps the role, for the write, until its next call.
     *
     * @param idleNanos how long an idle drain thread waits for a signal before it returns
     * @return the number of events taken (0 if none came in time, or the batch is only a notice
     *     of discards, still to be written); -1 once the queue is closed and empty. Only with the
     *     role held (see {@link #holdsWriterRole}) is the batch this thread's to read and write:
     *     otherwise a logging thread may be writing it
     */
    int drainTo(RecordBatch batch, long idleNanos) {
        Thread me = Thread.currentThread();
        lock.lock();
        try {
            if (writer == me) {
                batch.reset(); // written: emptied while it is still this thread's
                endWriteNow();
            }
            long nanos = idleNanos;
            long lingerLeft = lingerNanos;
            while (writer != null || count == 0 && discardedSincePut == 0) {
                if (writer == null && closed) {
                    return -1;
                }
                if (writer != null) {
                    drainWait = BLOCKED;
                    nanos = awaitWriterSide(nanos);
                } else if (lingerNext && lingerNanos > 0) {
                    // Woken early (a shorter linger, a spurious wake-up), it waits out what is
                    // left of the bound, not a bound anew.
                    lingerLeft = Math.min(lingerLeft, lingerNanos);
                    drainWait = LINGERING;
                    wakePending = false;
                    lingerLeft = awaitWriterSide(lingerLeft);
                    if (lingerLeft <= 0 && count == 0) {
                        lingerNext = false; // nothing came: idle, and woken, from now on
                    }
                } else {
                    // Whatever woke it before has been seen: the next reservation wakes it.
                    drainWait = IDLE;
                    wakePending = false;
                    nanos = awaitWriterSide(nanos);
                }
                drainWait = RUNNING;
                if (nanos <= 0 && (writer != null || count == 0 && discardedSincePut == 0)) {
                    return 0; // the batch is another writer's: untouched
                }
            }
            writer = me;
            wakePending = false;
            lingerNext = true;
        } finally {
            lock.unlock();
        }
        return lend(batch);
    }

    /**
     * Waits in {@link #notEmpty} for up to {@code nanos}, as the drain thread: an interrupt is a
     * wake-up like any other (nobody but {@link #close} ends the drain thread). Call only when
     * holding lock.
     *
     * @return the time left, as {@link Condition#awaitNanos} says it
     */
    private long awaitWriterSide(long nanos) {
        writerSideWaiters++;
        try {
            return notEmpty.awaitNanos(nanos);
        } catch (InterruptedException e) {
            return nanos; // woken early: the caller checks again
        } finally {
            writerSideWaiters--;
        }
    }

    /**
     * The write of what the role's holder took is done, and the role is free: threads waiting
     * for it, or for their event's write, are woken, and so is a waiting drain thread when
     * events are left. Call only when holding lock.
     */
    private void endWriteNow() {
        writtenSeq = takenSeq;
        writer = null;
        if (roleWaiters > 0 || drainWait == BLOCKED || count > 0 && drainWait != RUNNING) {
            notEmpty.signalAll();
        }
    }

    /**
     * For a logging thread whose event {@code seq} must be written before its call returns:
     * waits until it is written, or until the writer role is free, and then takes it. Waits
     * through interrupts, keeping the interrupt status: the wait is at most another writer's
     * batch.
     *
     * @param deadlineNanos {@link System#nanoTime} after which it gives up waiting; 0 for none
     * @return {@link #WRITTEN}, {@link #MY_TURN} (the caller holds the role: it goes on with
     *     {@link #takeBatch}), {@link #TIMED_OUT} or {@link #GIVEN_UP}
     */
    int awaitTurn(long seq, long deadlineNanos) {
        boolean interrupted = false;
        lock.lock();
        try {
            for (;;) {
                if (writtenSeq > seq) {
                    return WRITTEN;
                }
                if (writerGone) {
                    return GIVEN_UP;
                }
                if (writer == null) {
                    writer = Thread.currentThread();
                    return MY_TURN;
                }
                long nanos = deadlineNanos == 0 ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
                if (nanos <= 0) {
                    return TIMED_OUT;
                }
                roleWaiters++;
                writerSideWaiters++;
                try {
                    notEmpty.awaitNanos(nanos);
                } catch (InterruptedException e) {
                    interrupted = true;
                } finally {
                    roleWaiters--;
                    writerSideWaiters--;
                }
            }
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * With the writer role taken by {@link #awaitTurn}: lays out into {@code batch} the oldest
     * events, as many as fit, once the oldest is filled.
     *
     * @return the number of events taken
     */
    int takeBatch(RecordBatch batch) {
        return lend(batch);
    }

    /**
     * With the writer role taken by {@link #awaitTurn}: the batch it took is written. If that
     * reached event {@code seq}, the role is let go.
     *
     * @return whether event {@code seq} is written now
     */
    boolean batchWritten(long seq) {
        lock.lock();
        try {
            writtenSeq = takenSeq;
            if (writtenSeq > seq) {
                endWriteNow();
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Lets go of the writer role, what was taken being written (or handed elsewhere). */
    void releaseRole() {
        lock.lock();
        try {
            if (writer == Thread.currentThread()) {
                endWriteNow();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the current thread holds the writer role (and so the batch it lays out into). */
    boolean holdsWriterRole() {
        return writer == Thread.currentThread();
    }

    /**
     * Whether the current thread holds the writer role, or is the drain thread: an event it logs
     * (from a layout, an errorRef, a device) must not wait for the queue, which waits for it.
     */
    boolean isWriterThread() {
        Thread me = Thread.currentThread();
        return me == writer || me == drainThread;
    }

    /**
     * With the writer role: waits until the oldest event's slot is filled, counts the oldest
     * events (at most {@link RecordBatch#MAX_EVENTS}) as lent, lays them out without the lock,
     * and hands back the slots of those taken. The batch is the role's: only here is it emptied.
     */
    private int lend(RecordBatch batch) {
        batch.reset();
        QueuedEvent[] ring;
        int first;
        int n;
        int keep;
        boolean interrupted = false;
        lock.lock();
        try {
            while (count > 0 && !slots[takeIndex].isFilled()) {
                awaitingFill = true;
                if (slots[takeIndex].isFilled()) {
                    break;
                }
                writerSideWaiters++;
                try {
                    notEmpty.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                } finally {
                    writerSideWaiters--;
                }
            }
            awaitingFill = false;
            n = Math.min(count, RecordBatch.MAX_EVENTS);
            lent = n;
            ring = slots;
            first = takeIndex;
            keep = slotBytes;
        } finally {
            lock.unlock();
            if (interrupted && Thread.currentThread() != drainThread) {
                Thread.currentThread().interrupt();
            }
        }
        // Nobody but the writer touches a filled slot, and the batch stops at the first slot
        // still being filled: lay them out without the lock, then hand the slots back at once,
        // so that logging threads have the room while the batch is written.
        int taken = 1;
        try {
            taken = batch.layOut(ring, first, n, keep);
        } finally {
            // Should laying out fail (no memory for the buffer of one huge event), the oldest
            // event is given up, so that the next batch does not fail on it again.
            handBack(Math.min(taken, n), batch);
        }
        batch.seal();
        return taken;
    }

    /**
     * Frees the slots of the {@code taken} oldest events, and ends the loan of the rest. When
     * the queue is then empty, the batch carries the discards that came after its last event.
     */
    private void handBack(int taken, RecordBatch batch) {
        lock.lock();
        try {
            takeIndex = index(takeIndex + taken);
            count -= taken;
            takenSeq += taken;
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
     * Changes the capacity, keeping every event and its order (while a batch is being laid out,
     * right after). A capacity below the events held is raised to that many.
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

    /**
     * Moves the slot objects, not their contents, so that a logging thread filling a reserved
     * slot fills it wherever it now is. Call only when holding lock, with no slot lent.
     */
    private void resizeNow(int capacity) {
        pendingCapacity = 0;
        int newCapacity = Math.max(capacity, count);
        int old = slots.length;
        if (newCapacity == old) {
            return;
        }
        QueuedEvent[] moved = new QueuedEvent[newCapacity];
        // Every slot, oldest event first: the reserved ones, then the free ones, as many as fit.
        for (int k = 0; k < Math.min(old, newCapacity); k++) {
            moved[k] = slots[index(takeIndex + k)];
        }
        for (int k = old; k < newCapacity; k++) {
            moved[k] = newSlot.get();
        }
        slots = moved;
        takeIndex = 0;
        setQueueBytesNow(queueBytes);
        for (int k = newCapacity - old; k > 0 && lock.hasWaiters(notFull); k--) {
            notFull.signal();
        }
    }

    /**
     * Refuses further reservations and wakes every waiting thread (reservations return null)
     * and the writer side, which drains what is left.
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

    /**
     * The drain thread ended for good: the queue is closed, the role let go, and threads waiting
     * for their event's write are told it will not come.
     */
    void writerGone() {
        lock.lock();
        try {
            closed = true;
            writerGone = true;
            if (writer == Thread.currentThread()) {
                writer = null;
            }
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

    /** Events in the queue, those being filled included. */
    public int size() {
        return locked(() -> count);
    }

    public int capacity() {
        return locked(() -> slots.length);
    }

    /** Events reserved since creation. */
    public long enqueued() {
        return locked(() -> enqueued);
    }

    /** Events logging threads gave up since creation. */
    public long discarded() {
        return locked(() -> discarded);
    }

    /** Times a logging thread woke the drain thread, since creation. */
    public long wakes() {
        return locked(() -> wakes);
    }

    /** Bytes the slots keep between events, all together (for tests of the budget). */
    public long retainedBytes() {
        return locked(() -> {
            long sum = 0;
            for (QueuedEvent slot : slots) {
                sum += slot.retainedBytes();
            }
            return sum;
        });
    }
}
