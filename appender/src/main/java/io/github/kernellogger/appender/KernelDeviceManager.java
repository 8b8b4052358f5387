package io.github.kernellogger.appender;

import io.github.kernellogger.core.Counters;
import io.github.kernellogger.core.DeviceConnection;
import io.github.kernellogger.core.DevicePipeline;
import io.github.kernellogger.core.EventQueue;
import io.github.kernellogger.core.KernelDeviceMetrics;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.core.appender.AbstractManager;
import org.apache.logging.log4j.core.appender.ManagerFactory;

/**
 * The {@link DevicePipeline} of one device (its queue, drain thread, connection and counters),
 * shared by every appender of a LoggerContext that writes to that device, with its MXBean.
 *
 * <p>Reference-counted by device path, Log4j's {@link AbstractManager} way: Log4j starts a new
 * configuration before it stops the old one, so the new appender takes this manager over with
 * its queue and thread, and the old one's release only drops a reference. Nothing queued is lost
 * and no thread, file or MBean is left behind. There is one manager per device and LoggerContext.
 * The last release stops the drain thread, which writes what is queued (for at most the shutdown
 * timeout), closes the device and unregisters the MBean.
 *
 * <p>{@link #releaseSub} runs under a lock that all of Log4j's managers share, so it only asks
 * the drain thread to finish; the releasing appender waits for it in {@link #release}, outside
 * that lock, and other appenders are never held up by a drain.
 */
final class KernelDeviceManager extends AbstractManager {

    /**
     * What a manager is made with.
     *
     * @param context the name of the LoggerContext whose appenders use it, "" if none
     * @param pipeline the device and its queue
     * @param jmx whether the counters are an MBean
     */
    record Settings(String context, DevicePipeline.Settings pipeline, boolean jmx) {}

    private static final ManagerFactory<KernelDeviceManager, Settings> FACTORY =
            KernelDeviceManager::new;

    private final String context;
    private final DevicePipeline<CapturedLogEvent> pipeline;
    /** By identity: during a reconfiguration, two appenders of one name share the manager. */
    private final Set<KernelDeviceAppender> appenders =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    /** The MBean, null while {@code jmx="false"}; changed by a reconfiguration. */
    private KernelDeviceMetrics metrics;
    private volatile boolean released;
    private final AtomicBoolean headerClaimed = new AtomicBoolean();
    /** The footer of the appender releasing the manager, for the drain thread to write last. */
    private volatile byte[] footer;

    /**
     * The manager of the settings' device and LoggerContext, created or shared; each call
     * takes a reference. One per context: two web applications in one JVM each have their own
     * queue, thread and MBean, even on one device.
     */
    static KernelDeviceManager acquire(Settings settings) {
        return getManager(managerName(settings.context(), settings.pipeline().path()), FACTORY,
                settings);
    }

    static String managerName(String context, Path device) {
        return "KernelDevice:" + device + (context.isEmpty() ? "" : " of " + context);
    }

    private KernelDeviceManager(String name, Settings settings) {
        super(null, name);
        this.context = settings.context();
        this.pipeline = new DevicePipeline<>(settings.pipeline(), CapturedLogEvent::new,
                StatusDiagnostics.INSTANCE);
        this.metrics = settings.jmx() ? register() : null;
    }

    private KernelDeviceMetrics register() {
        return KernelDeviceMetrics.register(pipeline, context, this::appenderNames);
    }

    /** A configuration that reuses this manager may change its settings. */
    @Override
    public void updateData(Object data) {
        Settings settings = (Settings) data;
        if (settings.pipeline().queueSize() != pipeline.queue().capacity()) {
            logger().info("KernelDevice {}: queue capacity {} -> {}", path(),
                    pipeline.queue().capacity(), settings.pipeline().queueSize());
        }
        pipeline.update(settings.pipeline());
        synchronized (this) {
            if (settings.jmx() && metrics == null && !released) {
                metrics = register();
            } else if (!settings.jmx() && metrics != null) {
                metrics.unregister();
                metrics = null;
            }
        }
    }

    private synchronized void unregisterMetrics() {
        if (metrics != null) {
            metrics.unregister();
            metrics = null;
        }
    }

    /** Called under AbstractManager's global lock on the last release: only signal the drain. */
    @Override
    protected boolean releaseSub(long timeout, TimeUnit unit) {
        released = true;
        byte[] last = footer;
        pipeline.stop(unit.toMillis(timeout), last == null ? null : pipeline.textFrame(last));
        return true;
    }

    /**
     * Drops one appender's reference; {@code footer}, if not null, is written last should this
     * be the last reference. The last one also waits, for at most
     * {@code shutdownTimeoutMillis} and a little more (0: as long as it takes), until what is
     * queued is written and the device closed.
     *
     * @return false if the drain thread did not finish in time
     */
    boolean release(long shutdownTimeoutMillis, byte[] footer) {
        this.footer = footer;
        stop(shutdownTimeoutMillis, TimeUnit.MILLISECONDS);
        if (!released) {
            return true;
        }
        // The drain thread gives up at the deadline; this margin covers its last write.
        boolean ended = pipeline.awaitStop(shutdownTimeoutMillis == 0 ? 0 : shutdownTimeoutMillis + 1000);
        unregisterMetrics();
        if (!ended) {
            logger().error("KernelDevice {}: the drain thread did not stop within {} ms", path(),
                    shutdownTimeoutMillis);
            return false;
        }
        return true;
    }

    DevicePipeline<CapturedLogEvent> pipeline() {
        return pipeline;
    }

    Path path() {
        return pipeline.path();
    }

    /** True for the first caller only: the one appender that writes its layout's header. */
    boolean claimHeader() {
        return headerClaimed.compareAndSet(false, true);
    }

    /** The LoggerContext's name, "" if none. */
    String context() {
        return context;
    }

    EventQueue<CapturedLogEvent> queue() {
        return pipeline.queue();
    }

    DeviceConnection connection() {
        return pipeline.connection();
    }

    Counters counters() {
        return pipeline.counters();
    }

    Thread drainThread() {
        return pipeline.drainThread();
    }

    void addAppender(KernelDeviceAppender appender) {
        appenders.add(appender);
    }

    void removeAppender(KernelDeviceAppender appender) {
        appenders.remove(appender);
    }

    /** The names of the appenders writing through this manager, each once. */
    String[] appenderNames() {
        synchronized (appenders) {
            return appenders.stream().map(KernelDeviceAppender::getName).distinct().sorted()
                    .toArray(String[]::new);
        }
    }

    /** True once the last appender let go and the drain thread is finishing. */
    boolean isReleased() {
        return released;
    }
}
