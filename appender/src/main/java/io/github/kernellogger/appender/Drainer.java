package io.github.kernellogger.appender;

import io.github.kernellogger.device.LoggerDeviceException;
import io.github.kernellogger.device.SyslogLevel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * The drain thread: takes batches of events out of the queue and writes each as one record. It
 * holds the queue's lock only to copy a batch out, never across a write.
 *
 * <p>Where events were discarded because the queue was full, it writes a record that says how
 * many, at the place in the stream where they were lost, so that the loss shows in the log
 * itself. When the device is missing or fails it hands
 * each event to the appender that sent it, which passes it to its errorRef or counts it lost.
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
    private final RecordBatch batch = new RecordBatch();
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
    }

    /**
     * Closes the queue; what is in it is written until the deadline, then counted as lost. A
     * timeout of 0 means no deadline, as Log4j's {@code shutdownTimeout="0"}. The footer, a
     * layout's, formatted and cut to fit (or null), is the last record written.
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
                    n = queue.drainTo(batch, connection.nanosUntilRetry(IDLE_NANOS));
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
                for (int i = 0; i < n; i++) {
                    try {
                        if (batch.discardedBefore(i) > 0) {
                            writeDiscardNotice(batch.discardedBefore(i));
                        }
                        writeEvent(i);
                    } catch (Throwable t) {
                        eventFailed(t);
                    }
                }
                if (batch.discardedAfter() > 0) {
                    writeDiscardNotice(batch.discardedAfter());
                }
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

    private void writeEvent(int i) {
        if (connection.isConnected()) {
            try {
                writeRecord(i);
                return;
            } catch (IOException e) {
                writeFailed(e);
            }
        }
        Object origin = batch.origin(i);
        if (origin instanceof KernelDeviceAppender appender
                && appender.sendToErrorRef(batch.level(i), batch.timeMillis(i), batch.payload(i))) {
            return; // counted there
        } else {
            counters.lost++;
        }
    }

    private void writeRecord(int i) throws IOException {
        try {
            connection.write(batch.record(i));
        } catch (LoggerDeviceException e) {
            if (e.errno() != EMSGSIZE) {
                throw e;
            }
            // The module was reloaded with a smaller max_payload since the event was cut. Should
            // it refuse the shorter one too, that is an error for this event only.
            batch.truncate(i, connection.refreshMaxPayload());
            counters.truncated.increment();
            connection.write(batch.record(i));
        }
        counters.written++;
        counters.bytesWritten += batch.payloadLength(i);
        refusing = false;
        failing = false;
    }

    private void writeFooter() {
        ByteBuffer text = footer;
        if (text == null || !connection.isConnected()) {
            return;
        }
        ByteBuffer record = ByteBuffer.allocate(RecordBatch.recordSize(text.remaining()));
        record.put((byte) '<').put((byte) ('0' + SyslogLevel.INFO.code())).put((byte) '>')
                .put(text).flip();
        try {
            connection.write(record);
        } catch (IOException e) {
            writeFailed(e);
        }
    }

    private void writeDiscardNotice(long discarded) {
        String text = "kernel-logger: " + discarded + " event" + (discarded == 1 ? " was" : "s were")
                + " discarded because the queue for " + path + " was full";
        if (connection.isConnected()) {
            byte[] bytes = ("<4>" + text).getBytes(StandardCharsets.UTF_8);
            try {
                connection.write(ByteBuffer.wrap(bytes));
                refusing = false;
                return;
            } catch (IOException e) {
                writeFailed(e);
            }
        }
        STATUS.warn("KernelDevice {}: {}", path, text);
    }

    /**
     * A write failed. Only a device that is gone is closed (and reopened later); one that refused
     * this record (EINVAL, EFAULT, ENOMEM, EMSGSIZE again after a second cut) takes the next, and
     * that is reported once until a write succeeds again.
     */
    private void writeFailed(IOException e) {
        counters.writeErrors++;
        if (DeviceConnection.isGone(e)) {
            connection.failed(e);
        } else if (!refusing) {
            refusing = true;
            STATUS.error("KernelDevice {}: the device refused a record: {}. The event goes to its "
                    + "appender's errorRef, or is counted as lost; the device stays open for the "
                    + "next", path, e.getMessage());
        }
    }
}
