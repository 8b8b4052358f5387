package io.github.kernellogger.core;

/**
 * One slot of {@link EventQueue}: an event as the logging thread captured it, until the writer
 * turns it into a frame. The queue, the writer and the device know an event only through this
 * class; a logging framework's adapter subclasses it (Log4j2's CapturedLogEvent, Logback's CapturedEvent) and
 * knows nothing of the rest.
 *
 * <p>A slot's life: the queue reserves it for a logging thread, under its lock, which sets
 * {@link #seq} and {@link #discardedBefore}; that thread fills it without the lock, running
 * none of the application's code, and publishes it ({@link EventQueue#publish}); the writer,
 * once it sees it filled, calls {@link #encode} and then {@link #release}, and hands the slot
 * back to the queue for the next event. Between a publish and the hand-back nobody else
 * touches it; {@link #filled}, a volatile, orders the filling thread's writes before the
 * writer's reads.
 */
public abstract class QueuedEvent {
    /** Its place in the queue's order, from 0: events are taken, written and waited for by it. */
    long seq;
    /** Events given up, on a full queue, just before this one was reserved: a notice precedes it. */
    long discardedBefore;
    /** Whether the publish must wake the writer (decided under the lock when it was reserved). */
    boolean wakeWriter;
    /** Published with no event in it: filling it failed. The writer skips it, counted as lost. */
    boolean abandoned;
    /** Set by the filling thread once the slot holds the event; cleared by the writer. */
    private volatile boolean filled;

    /** Its sequence number, for the logging thread to write it through once published. */
    public final long seq() {
        return seq;
    }

    final boolean isFilled() {
        return filled;
    }

    final void setFilled(boolean filled) {
        this.filled = filled;
    }

    /**
     * Builds this event's frame in {@code frame}: its level, its own time, its fields and its
     * message, as the device stores them as one record. On the writer's thread, without the
     * queue's lock; may run the framework's layout, and so the application's code.
     *
     * @param framed whether the device takes fields (ABI version 2); false for a module of ABI
     *     version 1, whose records are the message alone
     */
    protected abstract void encode(FrameBuffer frame, boolean framed);

    /** Who queued it: where it goes should the device not take it. */
    protected abstract EventOrigin origin();

    /** Its level, as its framework knows it, for {@link EventOrigin#undeliverable}. */
    protected abstract Object level();

    /** Its time, ms since the epoch. */
    protected abstract long timeMillis();

    /**
     * Lets go of everything the event refers to, once encoded, so that a slot keeps no
     * application object (nor appender, nor configuration) alive; buffers it keeps for the next
     * event stay within {@code keepBytes}.
     */
    protected abstract void release(int keepBytes);

    /** Bytes its buffers keep between events (a message's text, say). */
    protected abstract long retainedBytes();
}
