package io.github.kernellogger.logback;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import io.github.kernellogger.core.FakeDevice;
import io.github.kernellogger.core.Threads;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.MDC;

/**
 * A real Logback LoggerContext of its own per test, with the Logback appender on a
 * {@link FakeDevice} as its root's only appender (a JUnit extension:
 * {@code @RegisterExtension final LogbackFixture fixture = new LogbackFixture();}); stopped after
 * the test.
 */
final class LogbackFixture implements AfterEachCallback {
    final FakeDevice device = new FakeDevice();
    final LoggerContext context = new LoggerContext();
    KernelDeviceAppender appender;

    LogbackFixture() {
        context.setName("test-" + UUID.randomUUID());
        // The MDC that SLF4J's MDC class writes to: the default context's, which Logback made.
        context.setMDCAdapter(MDC.getMDCAdapter());
    }

    /** The appender on the fixture's device (a path of its own), set up by {@code settings}, started. */
    KernelDeviceAppender start(Consumer<KernelDeviceAppender> settings) {
        KernelDeviceAppender a = new KernelDeviceAppender();
        a.setContext(context);
        a.setName("KERNEL");
        a.setDevice("/dev/logger-" + UUID.randomUUID());
        a.setDeviceFactory(device);
        a.setJmx(false);
        settings.accept(a);
        a.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(a);
        appender = a;
        return a;
    }

    Logger logger(String name) {
        return context.getLogger(name);
    }

    /**
     * Holds the drain thread in its next write, once it has taken the event "first": what is
     * logged meanwhile stays queued.
     */
    Semaphore holdTheWriter() {
        Semaphore gate = new Semaphore(0);
        device.gate = gate;
        logger("app").info("first");
        await().atMost(Threads.WAIT).until(gate::hasQueuedThreads);
        return gate;
    }

    /** Lets the held writer go, and every write after it. */
    void release(Semaphore gate) {
        device.gate = null;
        gate.release(1_000_000);
    }

    /** The status messages of this context at {@code level} (Status.ERROR, WARN, INFO). */
    List<String> statuses(int level) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() == level).map(Status::getMessage).toList();
    }

    @Override
    public void afterEach(ExtensionContext ignored) {
        Semaphore gate = device.gate;
        if (gate != null) {
            release(gate);
        }
        context.stop();
    }
}
