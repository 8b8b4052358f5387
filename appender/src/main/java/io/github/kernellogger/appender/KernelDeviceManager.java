package io.github.kernellogger.appender;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.core.appender.AbstractManager;
import org.apache.logging.log4j.core.appender.ManagerFactory;

/**
 * Everything one device needs, shared by every appender that writes to it: the queue, the drain
 * thread, the connection to the device and the counters, with their MXBean.
 *
 * <p>Reference-counted by device path, Log4j's {@link AbstractManager} way: Log4j starts a new
 * configuration before it stops the old one, so the new appender takes this manager over with
 * its queue and thread, and the old one's release only drops a reference. Nothing queued is lost
 * and no thread, file or MBean is left behind. The last release stops the drain thread, which
 * writes what is queued (for at most the shutdown timeout), closes the device and unregisters
 * the MBean.
 *
 * <p>{@link #releaseSub} runs under a lock that all of Log4j's managers share, so it only asks
 * the drain thread to finish; the releasing appender waits for it in {@link #release(long)},
 * outside that lock, and other appenders are never held up by a drain.
 */
final class KernelDeviceManager extends AbstractManager {

    /**
     * What a manager is made with.
     *
     * @param queueSize events the queue holds
     * @param queueBytes the most bytes of payload arrays the queue keeps between events
     * @param reconnectDelayMillis how often to try to reopen a missing or failed device
     * @param deviceFactory how to open the device
     */
    record Settings(int queueSize, long queueBytes, long reconnectDelayMillis,
            RecordDevice.Factory deviceFactory) {}

    private static final ManagerFactory<KernelDeviceManager, Settings> FACTORY =
            KernelDeviceManager::new;

    private final Path path;
    private final EventQueue queue;
    private final DeviceConnection connection;
    private final Counters counters = new Counters();
    private final Drainer drainer;
    private final Thread thread;
    private final Set<String> appenders = new CopyOnWriteArraySet<>();
    private final KernelDeviceMetrics metrics;
    private volatile boolean released;

    /** The manager of {@code device}, created or shared; each call takes a reference. */
    static KernelDeviceManager acquire(Path device, Settings settings) {
        return getManager(managerName(device), FACTORY, settings);
    }

    static String managerName(Path device) {
        return "KernelDevice:" + device;
    }

    private KernelDeviceManager(String name, Settings settings) {
        super(null, name);
        this.path = Path.of(name.substring("KernelDevice:".length()));
        this.queue = new EventQueue(settings.queueSize(), settings.queueBytes());
        this.connection = new DeviceConnection(path, settings.deviceFactory(),
                settings.reconnectDelayMillis());
        // Try now, so that a missing device is reported while the configuration loads.
        connection.connect();
        this.drainer = new Drainer(path, queue, connection, counters);
        // The name the kernel stamps on every record as the writer's comm (15 characters).
        this.thread = new Thread(drainer, "KernelDevice");
        // A daemon: Log4j's shutdown hook stops the appender, which drains the queue.
        thread.setDaemon(true);
        thread.start();
        this.metrics = KernelDeviceMetrics.register(this);
    }

    /** A configuration that reuses this manager may change its settings. */
    @Override
    public void updateData(Object data) {
        Settings settings = (Settings) data;
        if (settings.queueSize() != queue.capacity()) {
            logger().info("KernelDevice {}: queue capacity {} -> {}", path, queue.capacity(),
                    settings.queueSize());
            queue.resize(settings.queueSize());
        }
        queue.setQueueBytes(settings.queueBytes());
        connection.setRetryMillis(settings.reconnectDelayMillis());
    }

    /** Called under AbstractManager's global lock on the last release: only signal the drain. */
    @Override
    protected boolean releaseSub(long timeout, TimeUnit unit) {
        released = true;
        drainer.stop(unit.toMillis(timeout));
        return true;
    }

    /**
     * Drops one appender's reference. The last one also waits, for at most
     * {@code shutdownTimeoutMillis} and a little more (0: as long as it takes), until what is
     * queued is written and the device closed.
     *
     * @return false if the drain thread did not finish in time
     */
    boolean release(long shutdownTimeoutMillis) {
        stop(shutdownTimeoutMillis, TimeUnit.MILLISECONDS);
        if (!released) {
            return true;
        }
        try {
            // The drain thread gives up at the deadline; this margin covers its last write.
            thread.join(shutdownTimeoutMillis == 0 ? 0 : shutdownTimeoutMillis + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.unregister();
        if (thread.isAlive()) {
            logger().error("KernelDevice {}: the drain thread did not stop within {} ms", path,
                    shutdownTimeoutMillis);
            return false;
        }
        return true;
    }

    Path path() {
        return path;
    }

    EventQueue queue() {
        return queue;
    }

    DeviceConnection connection() {
        return connection;
    }

    Counters counters() {
        return counters;
    }

    /** True on the drain thread itself, which must never wait for room in its own queue. */
    boolean isDrainThread() {
        return Thread.currentThread() == thread;
    }

    void addAppender(String name) {
        appenders.add(name);
    }

    void removeAppender(String name) {
        appenders.remove(name);
    }

    String[] appenderNames() {
        return appenders.toArray(new String[0]);
    }

    /** True once the last appender let go and the drain thread is finishing. */
    boolean isReleased() {
        return released;
    }

    Thread drainThread() {
        return thread;
    }
}
