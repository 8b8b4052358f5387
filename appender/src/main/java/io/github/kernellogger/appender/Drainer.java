package io.github.kernellogger.appender;

import io.github.kernellogger.device.LoggerDeviceException;
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
    /** The device refused a record since the last one it took; drain thread only. */
    private boolean refusing;

    Drainer(Path path, EventQueue queue, DeviceConnection connection, Counters counters) {
        this.path = path;
        this.queue = queue;
        this.connection = connection;
        this.counters = counters;
    }

    /**
     * Closes the queue; what is in it is written until the deadline, then counted as lost. A
     * timeout of 0 means no deadline, as Log4j's {@code shutdownTimeout="0"}.
     */
    void stop(long timeoutMillis) {
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
        try {
            for (;;) {
                int n;
                try {
                    n = queue.drainTo(batch, connection.nanosUntilRetry(IDLE_NANOS));
                } catch (InterruptedException e) {
                    continue; // see the class comment: only stop() ends this loop
                }
                if (n < 0) {
                    break;
                }
                if (pastDeadline()) {
                    lostAtDeadline += n;
                    counters.lost += n;
                    continue;
                }
                connection.reconnectIfDue();
                for (int i = 0; i < n; i++) {
                    if (batch.discardedBefore(i) > 0) {
                        writeDiscardNotice(batch.discardedBefore(i));
                    }
                    writeEvent(i);
                }
                if (batch.discardedAfter() > 0) {
                    writeDiscardNotice(batch.discardedAfter());
                }
            }
        } finally {
            connection.closeDevice();
            if (lostAtDeadline > 0) {
                STATUS.error("KernelDevice {}: {} events were still queued at the shutdown "
                        + "deadline and were lost", path, lostAtDeadline);
            }
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
            counters.toErrorRef++;
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
