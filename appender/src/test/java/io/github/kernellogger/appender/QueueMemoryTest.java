package io.github.kernellogger.appender;

import static io.github.kernellogger.appender.TestAppenders.event;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.core.FakeDevice;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/** What the queue keeps between events: a bounded number of bytes, and no appender. */
class QueueMemoryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);


    @Test
    void anEmptyQueueKeepsAtMostItsBudgetWhateverItOnceHeld() throws Exception {
        FakeDevice device = new FakeDevice();
        KernelDeviceAppender a = TestAppenders.started(device, b -> b);
        try {
            // Every slot once holds a 4 KiB message; then ordinary ones pass.
            String big = "x".repeat(4096);
            for (int i = 0; i < 8192; i++) {
                a.append(event(Level.INFO, big));
            }
            for (int i = 0; i < 8192; i++) {
                a.append(event(Level.INFO, "small " + i));
            }
            await().atMost(WAIT).until(() -> device.size() == 2 * 8192);
            await().atMost(WAIT).until(() -> a.manager().queue().size() == 0);
            long retained = a.manager().queue().retainedBytes();
            assertTrue(retained <= KernelDeviceAppender.DEFAULT_QUEUE_BYTES,
                    retained + " bytes kept by an empty queue of 8192");
        } finally {
            a.stop(10, TimeUnit.SECONDS);
        }
    }

    /** The old configuration's appender, once stopped, is garbage though the queue lives on. */
    @Test
    void theQueueHoldsNoAppenderOnceItsEventsAreWritten() {
        FakeDevice device = new FakeDevice();
        KernelDeviceAppender stays = TestAppenders.started(device, b -> b.setName("new")
                .setDevice("/test/no-appender-kept"));
        try {
            WeakReference<KernelDeviceAppender> old = writeThroughAnAppenderAndStopIt(device);
            await().atMost(WAIT).until(() -> {
                System.gc();
                return old.get() == null;
            });
            assertTrue(stays.manager().drainThread().isAlive());
        } finally {
            stays.stop(10, TimeUnit.SECONDS);
        }
    }

    private static WeakReference<KernelDeviceAppender> writeThroughAnAppenderAndStopIt(FakeDevice device) {
        KernelDeviceAppender old = TestAppenders.started(device, b -> b.setName("old")
                .setDevice("/test/no-appender-kept"));
        for (int i = 0; i < 10; i++) {
            old.append(event(Level.INFO, "from the old one " + i));
        }
        await().atMost(WAIT).until(() -> device.size() == 10);
        old.stop(10, TimeUnit.SECONDS);
        return new WeakReference<>(old);
    }
}
