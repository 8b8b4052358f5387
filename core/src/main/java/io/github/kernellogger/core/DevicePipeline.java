package io.github.kernellogger.core;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Everything one device needs, whatever the logging framework: the queue, the writer role's
 * work, the drain thread, the connection to the device and the counters. A framework's adapter
 * makes one per device (Log4j2's KernelDeviceManager, reference-counted across
 * reconfigurations; Logback's appender, one each) and gives it the slot its events are captured
 * into and where its diagnostics go.
 *
 * @param <E> the framework's captured event
 */
public final class DevicePipeline<E extends QueuedEvent> {
    /** The default queue size: events the queue holds. */
    public static final int DEFAULT_QUEUE_SIZE = 8192;
    /** The largest queue size. */
    public static final int MAX_QUEUE_SIZE = 1 << 24;
    /** The default queue bytes: 8 MiB, 1 KiB a slot for the default 8192 slots. */
    public static final long DEFAULT_QUEUE_BYTES = 8L << 20;
    /** The default linger: how long an event may wait for the drain thread, in µs. */
    public static final long DEFAULT_LINGER_MICROS = 1000;
    /** The default reconnect delay, in ms. */
    public static final long DEFAULT_RECONNECT_DELAY_MILLIS = 5000;


    /**
     * What a pipeline is made with.
     *
     * @param path the device
     * @param queueSize events the queue holds
     * @param queueBytes the most bytes the queue's slots keep between events
     * @param lingerNanos how long the drain thread waits for more events after a batch
     * @param reconnectDelayMillis how often to try to reopen a missing or failed device
     * @param deviceFactory how to open the device
     */
    public record Settings(Path path, int queueSize, long queueBytes, long lingerNanos,
            long reconnectDelayMillis, RecordDevice.Factory deviceFactory) {}

    private final Path path;
    private final EventQueue<E> queue;
    private final DeviceConnection connection;
    private final Counters counters = new Counters();
    private final BatchWriter writer;
    private final Drainer drainer;
    private final Thread thread;
    private final Diagnostics diagnostics;

    /**
     * Opens the device (or says why it cannot, to {@code diagnostics}) and starts the drain
     * thread.
     */
    public DevicePipeline(Settings settings, Supplier<E> newSlot, Diagnostics diagnostics) {
        this.path = settings.path();
        this.diagnostics = diagnostics;
        this.queue = new EventQueue<>(settings.queueSize(), settings.queueBytes(),
                settings.lingerNanos(), newSlot);
        this.connection = new DeviceConnection(path, settings.deviceFactory(),
                settings.reconnectDelayMillis(), diagnostics);
        // Try now, so that a missing device is reported while the configuration loads.
        connection.connect();
        this.writer = new BatchWriter(path, queue, connection, counters, diagnostics);
        this.drainer = new Drainer(path, queue, connection, counters, writer, diagnostics);
        // The name the kernel stamps on every record as the writer's comm (15 characters).
        this.thread = new Thread(drainer, "KernelDevice");
        // A daemon: the framework's shutdown stops the pipeline, which drains the queue.
        thread.setDaemon(true);
        queue.setDrainThread(thread);
        thread.start();
    }

    /** A new configuration's settings, where they differ; the device path stays. */
    public void update(Settings settings) {
        if (settings.queueSize() != queue.capacity()) {
            queue.resize(settings.queueSize());
        }
        queue.setQueueBytes(settings.queueBytes());
        queue.setLinger(settings.lingerNanos());
        connection.setRetryMillis(settings.reconnectDelayMillis());
    }

    /**
     * Writes what is queued up to event {@code seq} (that one included), now, on the calling
     * thread or with another's write: see {@link BatchWriter#writeThrough}.
     *
     * @return whether the event was written (or handed elsewhere) when this returned
     */
    public boolean writeThrough(long seq, long deadlineNanos) {
        boolean written = writer.writeThrough(seq, deadlineNanos);
        if (written) {
            counters.synced.increment();
        }
        return written;
    }

    /**
     * Closes the queue: the drain thread writes what is left, for at most {@code timeoutMillis}
     * (0: as long as it takes), then {@code footer}, a frame or null, and ends.
     */
    public void stop(long timeoutMillis, ByteBuffer footer) {
        drainer.stop(timeoutMillis, footer);
    }

    /**
     * Waits for the drain thread to end, for at most {@code millis} (0: as long as it takes).
     *
     * @return whether it ended
     */
    public boolean awaitStop(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /** Whether logging from this thread must not wait for the queue: see {@link EventQueue#isWriterThread}. */
    public boolean isWriterThread() {
        return queue.isWriterThread();
    }

    public Path path() {
        return path;
    }

    public EventQueue<E> queue() {
        return queue;
    }

    public DeviceConnection connection() {
        return connection;
    }

    public Counters counters() {
        return counters;
    }

    public Thread drainThread() {
        return thread;
    }

    /** The frame of a text already formatted, such as a layout's footer, for this device. */
    public ByteBuffer textFrame(byte[] text) {
        return FrameBuffer.text(text, connection.maxPayload());
    }

    /** Where the pipeline reports its problems. */
    public Diagnostics diagnostics() {
        return diagnostics;
    }
}
