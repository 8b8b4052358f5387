package io.github.kernellogger.appender;

import static io.github.kernellogger.appender.TestAppenders.event;
import static org.awaitility.Awaitility.await;

import io.github.kernellogger.core.FakeDevice;
import io.github.kernellogger.core.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's appenders on one {@link FakeDevice}, each on a device path of its own unless told
 * otherwise: started for the test and stopped after it (a JUnit extension: {@code @RegisterExtension
 * final AppenderFixture fixture = new AppenderFixture();}), with the writer held at the device's
 * gate when a test needs the queue to fill.
 */
final class AppenderFixture implements AfterEachCallback {
    static final Duration WAIT = Threads.WAIT;

    final FakeDevice device = new FakeDevice();
    private final List<KernelDeviceAppender> started = new ArrayList<>();

    /** An appender on the fixture's device, built with {@code settings}, started. */
    KernelDeviceAppender appender(UnaryOperator<TestAppenders.TestBuilder> settings) {
        return stopAfterwards(TestAppenders.started(device, settings));
    }

    /** Stops {@code a} after the test, too. */
    KernelDeviceAppender stopAfterwards(KernelDeviceAppender a) {
        started.add(a);
        return a;
    }

    /** No longer to stop after the test: the test stopped it. */
    void stopped(KernelDeviceAppender a) {
        started.remove(a);
    }

    /**
     * Holds the writer (the drain thread) in its next write, once it has taken the first event,
     * "first": what is logged meanwhile stays queued, and the role stays the drain thread's.
     */
    Semaphore holdTheWriter(KernelDeviceAppender a) {
        Semaphore gate = new Semaphore(0);
        device.gate = gate;
        a.append(event(Level.INFO, "first"));
        await().atMost(WAIT).until(gate::hasQueuedThreads);
        return gate;
    }

    /** Lets the held writer go, and every write after it. */
    void release(Semaphore gate) {
        device.gate = null;
        gate.release(1_000_000);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopAll();
    }

    /** Lets any held writer go and stops every appender the test started. */
    void stopAll() {
        Semaphore gate = device.gate;
        if (gate != null) {
            release(gate);
        }
        started.forEach(a -> a.stop(10, TimeUnit.SECONDS));
    }
}
