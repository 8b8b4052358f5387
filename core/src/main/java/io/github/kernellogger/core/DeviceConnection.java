package io.github.kernellogger.core;

import io.github.kernellogger.device.DeviceStats;
import io.github.kernellogger.device.LoggerDeviceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The open device, or the lack of one. When the device is missing or fails, this says so once
 * through the StatusLogger (not once per event), and reopens it every retry delay until it is
 * back, then says that too.
 *
 * <p>Threading: the holder of the queue's writer role writes, and fails; the drain thread also
 * connects, when it is due, even while a logging thread writing through its event holds the
 * role, so {@link #connect} and {@link #failed} are synchronized; monitoring threads read
 * {@link #isConnected()} and {@link #stats()}, which {@link #closeDevice} excludes with a lock so
 * that no ioctl ever reaches a closed file.
 */
public final class DeviceConnection {
    /** The payload limit assumed until the device says otherwise (the module's default). */
    static final int DEFAULT_MAX_PAYLOAD = 65536;
    private static final int EIO = 5;
    private static final int ENXIO = 6;
    private static final int EBADF = 9;
    private static final int ENODEV = 19;

    private final Path path;
    private final RecordDevice.Factory factory;
    private final Diagnostics diagnostics;
    private volatile long retryNanos;
    /** Guards {@link #device} against a close while a monitoring thread reads stats. */
    private final Object lock = new Object();

    private volatile RecordDevice device;
    private volatile int maxPayload = DEFAULT_MAX_PAYLOAD;
    /** The most bytes of one framed write, as the device last said. */
    private volatile int maxBatch = RecordBatch.STANDARD_BYTES;
    /**
     * Whether the device takes framed writes with fields (ABI version 2); assumed until it is
     * open and says otherwise.
     */
    private volatile boolean framed = true;
    /** A version 1 device was reported. */
    private boolean toldVersion1;
    /** When the drain thread tries to open the device next; read without the lock to time its waits. */
    private volatile long nextAttemptNanos;
    /** When the current outage began, or 0 while connected. */
    private long outageSinceNanos;

    DeviceConnection(Path path, RecordDevice.Factory factory, long retryMillis,
            Diagnostics diagnostics) {
        this.path = path;
        this.factory = factory;
        this.diagnostics = diagnostics;
        setRetryMillis(retryMillis);
    }

    void setRetryMillis(long retryMillis) {
        this.retryNanos = TimeUnit.MILLISECONDS.toNanos(retryMillis);
    }

    public boolean isConnected() {
        return device != null;
    }

    /** The largest payload the device takes, as it last said. */
    public int maxPayload() {
        return maxPayload;
    }

    /**
     * Opens the device now. On failure, the first of an outage is reported; the next attempt is
     * due a retry delay later.
     *
     * @return true if it is open
     */
    synchronized boolean connect() {
        if (device != null) {
            return true;
        }
        long now = System.nanoTime();
        RecordDevice opened = null;
        try {
            opened = factory.open(path);
            // Also proves that it is a logger device, not some other file.
            takeLimits(opened.stats());
            framed = opened.framed();
            synchronized (lock) {
                device = opened;
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // A LinkageError is the binding failing to load (JNA's native part, a class that
            // could not initialize): as much an outage as a missing device, and retried alike.
            closeQuietly(opened);
            nextAttemptNanos = now + retryNanos;
            if (outageSinceNanos == 0) {
                outageSinceNanos = now;
                diagnostics.error("KernelDevice " + path + ": cannot open the device: "
                        + (e instanceof IOException ? e.getMessage() : e.toString())
                        + ". Events go to each appender's errorRef, or are counted as lost, until "
                        + "it is back; retrying every " + millis(retryNanos) + " ms", null);
            }
            return false;
        }
        if (outageSinceNanos != 0) {
            diagnostics.info("KernelDevice " + path + ": writing to the device again after "
                    + millis(now - outageSinceNanos) + " ms");
            outageSinceNanos = 0;
        }
        if (!framed && !toldVersion1) {
            toldVersion1 = true;
            diagnostics.warn("KernelDevice " + path + ": the logger module speaks ABI version 1: "
                    + "records are written one per write and carry no fields (logger, thread and "
                    + "context go only where the layout puts them); load a module of version 2 for "
                    + "batches and fields");
        }
        return true;
    }

    private void takeLimits(DeviceStats stats) {
        maxPayload = (int) Math.min(Integer.MAX_VALUE, stats.maxPayload());
        // A version 1 module says 0: it takes no batches, and one frame at a time is written.
        maxBatch = stats.maxBatch() > 0 ? (int) Math.min(Integer.MAX_VALUE, stats.maxBatch())
                : RecordBatch.STANDARD_BYTES;
    }

    /** Whether the open device takes framed writes, or is assumed to while none is open. */
    public boolean framed() {
        return framed;
    }

    /** The most bytes of one framed write, as the device last said. */
    public int maxBatch() {
        return maxBatch;
    }

    /** Tries to open the device if it is closed and an attempt is due. */
    synchronized void reconnectIfDue() {
        if (device == null && System.nanoTime() - nextAttemptNanos >= 0) {
            connect();
        }
    }

    /** How long the drain thread may wait before an attempt is due; long if connected. */
    long nanosUntilRetry(long idleNanos) {
        if (device != null) {
            return idleNanos;
        }
        return Math.max(0, Math.min(idleNanos, nextAttemptNanos - System.nanoTime()));
    }

    /**
     * Writes a batch of frames, or for a version 1 device one record; on failure the caller
     * reports it with {@link #failed}.
     */
    void write(ByteBuffer record) throws IOException {
        RecordDevice d = device;
        if (d == null) {
            throw new IOException("not connected");
        }
        d.write(record);
    }

    /**
     * Asks the device for its limits again, after it refused a write as too large (the module
     * may have been reloaded with smaller ones).
     *
     * @return max_payload
     */
    int refreshLimits() throws IOException {
        RecordDevice d = device;
        if (d == null) {
            throw new IOException("not connected");
        }
        takeLimits(d.stats());
        return maxPayload;
    }

    /**
     * Whether a failed write means the device is gone (ENODEV, ENXIO: the module was unloaded;
     * EBADF, EIO; or no errno at all), rather than that it refused that one record.
     */
    static boolean isGone(IOException e) {
        if (!(e instanceof LoggerDeviceException failure)) {
            return true;
        }
        switch (failure.errno()) {
            case ENXIO: case EBADF: case ENODEV: case EIO: return true;
            default: return false;
        }
    }

    /** A write failed: say so (once per outage), close the device, retry later. */
    synchronized void failed(IOException e) {
        long now = System.nanoTime();
        if (outageSinceNanos == 0) {
            outageSinceNanos = now;
            diagnostics.error("KernelDevice " + path + ": writing failed: " + e.getMessage()
                    + ". Events go to each appender's errorRef, or are counted as lost, until the "
                    + "device is back; retrying every " + millis(retryNanos) + " ms", null);
        }
        closeDevice();
        nextAttemptNanos = now + retryNanos;
    }

    /** The device's counters, or null while it is not open. */
    public DeviceStats stats() {
        synchronized (lock) {
            RecordDevice d = device;
            if (d == null) {
                return null;
            }
            try {
                return d.stats();
            } catch (IOException | RuntimeException | LinkageError e) {
                return null;
            }
        }
    }

    void closeDevice() {
        RecordDevice d;
        synchronized (lock) {
            d = device;
            device = null;
        }
        closeQuietly(d);
    }

    private void closeQuietly(RecordDevice d) {
        if (d == null) {
            return;
        }
        try {
            d.close();
        } catch (IOException | RuntimeException | LinkageError e) {
            diagnostics.warn("KernelDevice " + path + ": closing the device failed: " + e);
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
