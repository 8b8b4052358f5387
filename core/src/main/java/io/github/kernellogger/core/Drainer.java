package io.github.kernellogger.core;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The drain thread: takes batches of events out of the queue ({@link EventQueue#drainTo}, which
 * says when it waits and who wakes it) and writes each ({@link BatchWriter}) as one framed
 * write, so that a steady stream costs one system call per batch, not per event. It holds the
 * queue's lock only to take a batch out, never across a write, and reopens a missing or failed
 * device every retry delay.
 *
 * <p>Where events were discarded because the queue was full, the batch carries a record that
 * says how many, at the place in the stream where they were lost, so that the loss shows in the
 * log itself.
 *
 * <p>It stops once the queue is closed and empty, or at the shutdown deadline (if there is one),
 * counting what is left then as lost. It does not stop on interrupts: nobody but {@link #stop}
 * ends it. Nor does it end on anything one event throws, an Error included: that event is counted
 * as lost and the thread goes on. Should it end all the same, it tells the queue first, so that
 * no logging thread waits for it.
 */
final class Drainer implements Runnable {
    /** How long an idle, connected drain thread sleeps between checks. */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path path;
    private final EventQueue<?> queue;
    private final DeviceConnection connection;
    private final Counters counters;
    private final BatchWriter writer;
    private final Diagnostics diagnostics;
    private volatile boolean stopping;
    private volatile long deadlineNanos;
    private volatile boolean hasDeadline;
    private volatile ByteBuffer footer;

    Drainer(Path path, EventQueue<?> queue, DeviceConnection connection, Counters counters,
            BatchWriter writer, Diagnostics diagnostics) {
        this.path = path;
        this.diagnostics = diagnostics;
        this.queue = queue;
        this.connection = connection;
        this.counters = counters;
        this.writer = writer;
    }

    /**
     * Closes the queue; what is in it is written until the deadline, then counted as lost. A
     * timeout of 0 means no deadline, as Log4j's {@code shutdownTimeout="0"}. The footer, a
     * layout's as a frame (or null), is the last record written.
     */
    void stop(long timeoutMillis, ByteBuffer footer) {
        this.footer = footer;
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        hasDeadline = timeoutMillis > 0;
        stopping = true;
        queue.close();
    }

    /** Whether stopping has passed its deadline, so that what is left is given up. */
    private boolean pastDeadline() {
        return stopping && hasDeadline && System.nanoTime() - deadlineNanos > 0;
    }

    @Override
    public void run() {
        long lostAtDeadline = 0;
        Throwable died = null;
        RecordBatch batch = writer.batch();
        try {
            for (;;) {
                int n;
                try {
                    n = queue.drainTo(batch, connection.nanosUntilRetry(IDLE_NANOS));
                } catch (Throwable t) {
                    writer.eventFailed(t); // the batch could not be laid out; its first event is given up
                    continue;
                }
                if (n < 0) {
                    writeFooter();
                    break;
                }
                // A logging thread writing through an event never reopens the device; the drain
                // thread does, when it is due.
                connection.reconnectIfDue();
                if (!queue.holdsWriterRole()) {
                    continue; // nothing came in time: the batch may be another writer's now
                }
                if (pastDeadline()) {
                    lostAtDeadline += batch.size();
                    counters.lost += batch.size();
                    batch.release();
                    continue;
                }
                writer.write();
            }
        } catch (Throwable t) {
            died = t; // even reporting failed: nothing more can be done here
        } finally {
            // Whatever ended the loop, no logging thread may wait for this thread any more.
            queue.writerGone();
            connection.closeDevice();
            if (died != null) {
                int left = queue.size();
                counters.lost += left;
                diagnostics.error("KernelDevice " + path + ": the drain thread ended; " + left
                        + " queued events are lost and further events are discarded", died);
            }
            if (lostAtDeadline > 0) {
                diagnostics.error("KernelDevice " + path + ": " + lostAtDeadline + " events were still "
                        + "queued at the shutdown deadline and were lost", null);
            }
        }
    }

    private void writeFooter() {
        ByteBuffer frame = footer;
        if (frame == null || !connection.isConnected()) {
            return;
        }
        writer.batch().layOutOne(frame);
        writer.write();
    }
}
