package io.github.kernellogger.core;

import io.github.kernellogger.device.LoggerDeviceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The writer role's work, whoever holds it: the drain thread ({@link Drainer}), or a logging
 * thread that writes its event through ({@link #writeThrough}) so that it is on the device
 * before its call returns. Writes each batch of {@link RecordBatch} as one framed write, split
 * only where the device refuses a frame; to a module of ABI version 1, one plain record per
 * write. It holds the queue's lock only to take a batch out, never across a write.
 *
 * <p>The device takes a batch whole or not at all. When it refuses one for a reason other than
 * being gone (EMSGSIZE: a frame over max_payload or a batch over max_batch, after the module was
 * reloaded with smaller limits; EINVAL; ENOMEM), the batch is split in halves and each written
 * again, down to the frame it refuses: that one is cut to the new max_payload and written, or
 * failing that goes to errorRef (or is counted as lost), and the rest are written. So one frame
 * costs only itself, and a few more system calls.
 *
 * <p>When the device is missing or fails, each event goes back to whoever queued it
 * ({@link EventOrigin#undeliverable}: Log4j2's appender passes it to its errorRef), or is counted
 * as lost. Nothing one event throws (an OutOfMemoryError, a layout's or errorRef's bug) costs more
 * than that event: it is counted in {@code EventsLost}, the first of a run is a status error, and
 * the next events are written as usual.
 *
 * <p>Not thread-safe: its state belongs to the writer role, which the queue's lock hands from one
 * thread to the next (and with it, the memory of what the last holder did).
 */
final class BatchWriter {
    private static final int EMSGSIZE = 90;

    private final Path path;
    private final EventQueue<?> queue;
    private final DeviceConnection connection;
    private final Counters counters;
    private final Diagnostics diagnostics;
    private final RecordBatch batch;
    /** The device refused a record since the last one it took. */
    private boolean refusing;
    /** An event threw since the last one written. */
    private boolean failing;

    BatchWriter(Path path, EventQueue<?> queue, DeviceConnection connection, Counters counters,
            Diagnostics diagnostics) {
        this.path = path;
        this.diagnostics = diagnostics;
        this.queue = queue;
        this.connection = connection;
        this.counters = counters;
        this.batch = new RecordBatch(path.toString());
        batch.setDevice(connection);
    }

    /** The writer role's batch. */
    RecordBatch batch() {
        return batch;
    }

    /**
     * For a logging thread whose event {@code seq} is queued and must be on the device before
     * its call returns: waits for the writer role (or until another writer has written the
     * event), then writes batch after batch, from the oldest event on, until one holds its
     * event; the events other threads queued meanwhile go with it.
     *
     * @param deadlineNanos {@link System#nanoTime} after which it stops waiting (and writing,
     *     after the batch in hand); 0 for none
     * @return whether the event was written (or handed elsewhere, the device failing) when this
     *     returned; if not, it stays queued for the drain thread
     */
    boolean writeThrough(long seq, long deadlineNanos) {
        int turn = queue.awaitTurn(seq, deadlineNanos);
        if (turn != EventQueue.MY_TURN) {
            return turn == EventQueue.WRITTEN;
        }
        boolean written = false;
        try {
            do {
                queue.takeBatch(batch);
                write();
                counters.syncWrites++;
                written = queue.batchWritten(seq);
            } while (!written && (deadlineNanos == 0 || System.nanoTime() - deadlineNanos < 0));
        } finally {
            if (!written) {
                queue.releaseRole();
            }
        }
        return written;
    }

    /**
     * Writes the batch laid out: at once, one by one to a version 1 device, or elsewhere; then
     * lets go of what its events referred to.
     */
    void write() {
        try {
            if (batch.lost() > 0) {
                counters.lost += batch.lost();
                if (batch.failure() != null) {
                    reportFailure(batch.failure());
                }
            }
            if (batch.truncated() > 0) {
                counters.truncated.add(batch.truncated());
            }
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
        } finally {
            batch.release();
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
     * Frame {@code k} cannot go to the device: an event goes back to whoever queued it (for its
     * errorRef) or is counted as lost; a discard notice goes to the status log.
     */
    private void undeliverable(int k) {
        int i = batch.eventOf(k);
        if (i < 0) {
            if (batch.noticeCount(k) > 0) {
                diagnostics.warn("KernelDevice " + path + ": "
                        + new String(batch.message(k), StandardCharsets.UTF_8));
            }
            return;
        }
        EventOrigin origin = batch.origin(i);
        if (!(origin != null
                && origin.undeliverable(batch.level(i), batch.timeMillis(i), batch.payload(i)))) {
            counters.lost++;
        }
    }

    /** One event failed here (see the class comment): counted as lost, the first of a run reported. */
    void eventFailed(Throwable t) {
        counters.lost++;
        reportFailure(t);
    }

    private void reportFailure(Throwable t) {
        if (!failing) {
            failing = true;
            diagnostics.error("KernelDevice " + path + ": an event could not be written and is lost ("
                    + t + "); the next are written as usual, and further failures are counted in "
                    + "EventsLost until one succeeds", t);
        }
    }

    /**
     * The device refused a write, not being gone (EINVAL, EFAULT, ENOMEM, EMSGSIZE again after a
     * cut): reported once until a write succeeds again; the device stays open for the next.
     */
    private void refused(IOException e) {
        counters.writeErrors++;
        if (!refusing) {
            refusing = true;
            diagnostics.error("KernelDevice " + path + ": the device refused a record: "
                    + e.getMessage() + ". The event goes to its appender's errorRef, or is counted "
                    + "as lost; the device stays open for the next", null);
        }
    }
}
