package io.github.kernellogger.appender;

import io.github.kernellogger.device.LoggerDeviceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * The drain thread: takes batches of events out of the queue and writes each batch as one
 * framed write, so that a steady stream costs one system call per batch, not per event. It holds
 * the queue's lock only to copy a batch out, never across a write.
 *
 * <p>Where events were discarded because the queue was full, the batch carries a record that
 * says how many, at the place in the stream where they were lost, so that the loss shows in the
 * log itself. When the device is missing or fails it hands each event to the appender that sent
 * it, which passes it to its errorRef or counts it lost.
 *
 * <p>The device takes a batch whole or not at all. When it refuses one for a reason other than
 * being gone (EMSGSIZE: a frame over max_payload or a batch over max_batch, after the module was
 * reloaded with smaller limits; EINVAL; ENOMEM), the batch is split in halves and each written
 * again, down to the frame it refuses: that one is cut to the new max_payload and written, or
 * failing that goes to errorRef (or is counted as lost), and the rest are written. So one frame
 * costs only itself, and a few more system calls.
 *
 * <p>A device of ABI version 1 takes no batches: each frame is written as a plain record of its
 * own, its message only, as before version 2.
 *
 * <p>It stops once the queue is closed and empty, or at the shutdown deadline (if there is one),
 * counting what is left then as lost. It does not stop on interrupts: nobody but {@link #stop} ends it.
 * Nor does it end on anything one event throws, an Error included: that event is counted as lost
 * and the thread goes on. Should it end all the same, it closes the queue first, so that no
 * producer waits for it.
 */
final class Drainer implements Runnable {
    private static final StatusLogger STATUS = StatusLogger.getLogger();
    private static final int EMSGSIZE = 90;
    /** How long an idle, connected drain thread sleeps between checks. */
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path path;
    private final EventQueue queue;
    private final DeviceConnection connection;
    private final Counters counters;
    private final RecordBatch batch;
    private volatile boolean stopping;
    private volatile long deadlineNanos;
    private volatile boolean hasDeadline;
    private volatile ByteBuffer footer;
    /** The device refused a record since the last one it took; drain thread only. */
    private boolean refusing;
    /** An event threw since the last one written; drain thread only. */
    private boolean failing;

    Drainer(Path path, EventQueue queue, DeviceConnection connection, Counters counters) {
        this.path = path;
        this.queue = queue;
        this.connection = connection;
        this.counters = counters;
        this.batch = new RecordBatch(path.toString());
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
        try {
            for (;;) {
                int n;
                try {
                    n = queue.drainTo(batch, connection.nanosUntilRetry(IDLE_NANOS),
                            connection.maxBatch());
                } catch (InterruptedException e) {
                    continue; // see the class comment: only stop() ends this loop
                } catch (Throwable t) {
                    eventFailed(t); // the batch could not be laid out; its first event is given up
                    continue;
                }
                if (n < 0) {
                    writeFooter();
                    break;
                }
                if (pastDeadline()) {
                    lostAtDeadline += n;
                    counters.lost += n;
                    continue;
                }
                connection.reconnectIfDue();
                writeBatch();
                batch.release();
            }
        } catch (Throwable t) {
            died = t; // even reporting failed: nothing more can be done here
        } finally {
            // Whatever ended the loop, no producer may wait for this thread any more.
            queue.close();
            connection.closeDevice();
            if (died != null) {
                int left = queue.size();
                counters.lost += left;
                STATUS.error("KernelDevice {}: the drain thread ended; {} queued events are lost "
                        + "and further events are discarded", path, left, died);
            }
            if (lostAtDeadline > 0) {
                STATUS.error("KernelDevice {}: {} events were still queued at the shutdown "
                        + "deadline and were lost", path, lostAtDeadline);
            }
        }
    }

    /** Writes every frame of the batch: at once, one by one to a version 1 device, or elsewhere. */
    private void writeBatch() {
        int frames = batch.frames();
        if (frames == 0) {
            return;
        }
        if (connection.isConnected() && connection.framed()) {
            writeFrames(0, frames);
            return;
        }
        for (int k = 0; k < frames; k++) {
            try {
                if (connection.isConnected()) {
                    writePlain(k);
                } else {
                    undeliverable(k);
                }
            } catch (Throwable t) {
                eventFailed(t);
            }
        }
    }

    /**
     * Writes frames {@code from} to {@code to} as one framed write; should the device refuse
     * them, each half again, down to the one it refuses (see the class comment).
     */
    private void writeFrames(int from, int to) {
        if (!connection.isConnected()) {
            for (int k = from; k < to; k++) {
                undeliverableSafely(k);
            }
            return;
        }
        try {
            connection.write(batch.frames(from, to));
            delivered(from, to);
            return;
        } catch (IOException e) {
            if (DeviceConnection.isGone(e)) {
                counters.writeErrors++;
                connection.failed(e);
                writeFrames(from, to); // elsewhere, now
                return;
            }
            // A refusal counts as a write error only once it costs a frame (refused()): a
            // split or a cut that gets every frame written is not one.
            if (to - from > 1) {
                if (from == 0 && to == batch.frames()) {
                    refreshLimits(e); // so that the next batches are laid out to fit
                }
                int middle = (from + to) >>> 1;
                writeFrames(from, middle);
                writeFrames(middle, to);
                return;
            }
            refusedFrame(from, e);
        } catch (Throwable t) {
            // Not the device's word but a failure here (a bug, no memory): these are lost.
            for (int k = from; k < to; k++) {
                if (batch.eventOf(k) >= 0) {
                    eventFailed(t);
                }
            }
        }
    }

    /**
     * The device refused frame {@code k} alone. Too large: cut to what it now says it takes and
     * written once more; still refused, or refused for another reason: it goes elsewhere.
     */
    private void refusedFrame(int k, IOException e) {
        IOException last = e;
        if (e instanceof LoggerDeviceException failure && failure.errno() == EMSGSIZE) {
            try {
                if (batch.truncate(k, connection.refreshLimits())) {
                    counters.truncated.increment();
                    connection.write(batch.frames(k, k + 1));
                    delivered(k, k + 1);
                    return;
                }
            } catch (IOException again) {
                last = again;
                if (DeviceConnection.isGone(again)) {
                    counters.writeErrors++;
                    connection.failed(again);
                    undeliverableSafely(k);
                    return;
                }
            }
        }
        refused(last);
        undeliverableSafely(k);
    }

    /** After EMSGSIZE, the device's limits as it now says them (max_batch may be smaller). */
    private void refreshLimits(IOException e) {
        if (e instanceof LoggerDeviceException failure && failure.errno() == EMSGSIZE) {
            try {
                connection.refreshLimits();
            } catch (IOException | RuntimeException ignored) {
                // the next write tells
            }
        }
    }

    /** Frames {@code from} to {@code to} are on the device. */
    private void delivered(int from, int to) {
        for (int k = from; k < to; k++) {
            if (batch.eventOf(k) >= 0) {
                counters.written++;
                counters.bytesWritten += batch.payloadLength(k);
            }
        }
        refusing = false;
        failing = false;
    }

    /** Frame {@code k} as a plain record, for a device of ABI version 1. */
    private void writePlain(int k) {
        try {
            try {
                connection.write(batch.plainRecord(k));
            } catch (LoggerDeviceException e) {
                if (e.errno() != EMSGSIZE) {
                    throw e;
                }
                // The module was reloaded with a smaller max_payload since the event was cut.
                // Should it refuse the shorter one too, that is an error for this event only.
                if (batch.truncatePlain(k, connection.refreshLimits())) {
                    counters.truncated.increment();
                }
                connection.write(batch.plainRecord(k));
            }
            if (batch.eventOf(k) >= 0) {
                counters.written++;
                counters.bytesWritten += batch.plainRecord(k).remaining() - 3;
            }
            refusing = false;
            failing = false;
        } catch (IOException e) {
            if (DeviceConnection.isGone(e)) {
                counters.writeErrors++;
                connection.failed(e);
            } else {
                refused(e);
            }
            undeliverable(k);
        }
    }

    private void undeliverableSafely(int k) {
        try {
            undeliverable(k);
        } catch (Throwable t) {
            eventFailed(t);
        }
    }

    /**
     * Frame {@code k} cannot go to the device: an event goes back to the appender that sent it
     * (for its errorRef) or is counted as lost; a discard notice goes to the status log.
     */
    private void undeliverable(int k) {
        int i = batch.eventOf(k);
        if (i < 0) {
            if (batch.noticeCount(k) > 0) {
                STATUS.warn("KernelDevice {}: {}", path,
                        new String(batch.message(k), StandardCharsets.UTF_8));
            }
            return;
        }
        Object origin = batch.origin(i);
        if (!(origin instanceof KernelDeviceAppender appender
                && appender.sendToErrorRef(batch.level(i), batch.timeMillis(i), batch.payload(i)))) {
            counters.lost++;
        }
    }

    /**
     * Anything one event threw (an OutOfMemoryError, a LinkageError, an errorRef's or a device's
     * bug): the event is counted as lost, and the first of a run of such failures is reported,
     * with its stack trace; the thread carries on with the next event.
     */
    private void eventFailed(Throwable t) {
        counters.lost++;
        if (!failing) {
            failing = true;
            STATUS.error("KernelDevice {}: an event could not be written and is lost ({}); the "
                    + "next are written as usual, and further failures are counted in EventsLost "
                    + "until one succeeds", path, t, t);
        }
    }

    private void writeFooter() {
        ByteBuffer frame = footer;
        if (frame == null || !connection.isConnected()) {
            return;
        }
        batch.layOutOne(frame);
        writeBatch();
    }

    /**
     * The device refused a write, not being gone (EINVAL, EFAULT, ENOMEM, EMSGSIZE again after a
     * cut): reported once until a write succeeds again; the device stays open for the next.
     */
    private void refused(IOException e) {
        counters.writeErrors++;
        if (!refusing) {
            refusing = true;
            STATUS.error("KernelDevice {}: the device refused a record: {}. The event goes to its "
                    + "appender's errorRef, or is counted as lost; the device stays open for the "
                    + "next", path, e.getMessage());
        }
    }
}
