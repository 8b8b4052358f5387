package io.github.kernellogger.appender;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.github.kernellogger.core.FakeDevice;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.test.junit.LoggerContextSource;
import org.apache.logging.log4j.util.Constants;
import org.junit.jupiter.api.Test;

/**
 * What one logging call allocates on the caller's thread, in the steady state, against Log4j's
 * RandomAccessFile appender with the same layout: a property, counted in bytes by the JVM, not
 * a timing. Surefire runs this class twice: here, with Log4j's thread locals on, and in the
 * execution "thread-locals-off", as in a web application.
 */
@LoggerContextSource("log4j2-allocation.xml")
class CallerAllocationTest {
    private static final int EVENTS = 2000;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static void log(Logger log, int events) {
        for (int i = 0; i < events; i++) {
            log.info("order {} for customer {} shipped from warehouse {}", "4711", "C-0042", "north");
        }
    }

    private static double bytesPerEvent(Logger log) {
        THREADS.getCurrentThreadAllocatedBytes();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        log(log, EVENTS);
        long after = THREADS.getCurrentThreadAllocatedBytes();
        return (after - before) / (double) EVENTS;
    }

    @Test
    void theCallerAllocatesNoMoreThanWithRandomAccessFile(LoggerContext ctx) {
        FakeDevice device = FakeDevice.named("allocation");
        Logger kernel = ctx.getLogger("to.kernel");
        Logger raf = ctx.getLogger("to.raf");
        // Warm up: every slot of the queue gets its array, every class is loaded, and both paths
        // are run often enough for the JIT to compile them.
        int written = 0;
        for (int round = 0; round < 10; round++) {
            log(kernel, 4096);
            log(raf, 4096);
            written += 4096;
            int expected = written;
            await().atMost(WAIT).until(() -> device.size() == expected);
        }
        // The least of several rounds, each pipeline's: what the JIT makes of a path (which
        // allocations its escape analysis removes) differs from one compilation to the next, and
        // a round may still run code the JIT is about to replace; the steady state is the least
        // a path allocates.
        double ours = Double.MAX_VALUE;
        double theirs = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            // Hold the drain thread, so that the queue's lock is never contended while measuring.
            Semaphore gate = new Semaphore(0);
            device.gate = gate;
            kernel.info("first");
            await().atMost(WAIT).until(gate::hasQueuedThreads);
            ours = Math.min(ours, bytesPerEvent(kernel));
            device.gate = null;
            gate.release(1_000_000);
            written += 1 + EVENTS;
            int expected = written;
            await().atMost(WAIT).until(() -> device.size() == expected);
            theirs = Math.min(theirs, bytesPerEvent(raf));
        }

        String measured = "KernelDevice " + ours + " B/event, RandomAccessFile " + theirs
                + " B/event, thread locals " + (Constants.ENABLE_THREADLOCALS ? "on" : "off");
        System.out.println(measured);
        // What Log4j's core allocates (with thread locals on, in the interpreter or C1: the
        // clock's Instant) both pipelines share; the appender itself must add nothing to it.
        // (1 byte an event of slack: a one-off allocation in 2000 events, not one per event.)
        assertTrue(ours <= theirs + 1, measured);
    }
}
