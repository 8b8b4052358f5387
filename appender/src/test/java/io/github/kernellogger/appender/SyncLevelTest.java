package io.github.kernellogger.appender;

import static io.github.kernellogger.appender.TestAppenders.event;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.core.FakeDevice;
import io.github.kernellogger.core.Threads;
import io.github.kernellogger.device.LoggerDeviceException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.test.appender.ListAppender;
import org.apache.logging.log4j.message.ObjectMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code syncLevel}: an event at that level or more severe is on the device when its call
 * returns, with everything queued before it; several threads' errors share writes; what happens
 * to a full queue, a deadline, an interrupt, a call from the drain thread or from a toString(),
 * a module of ABI version 1, and a device that fails.
 */
class SyncLevelTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A linger of a second: what the drain thread would write, it writes long after the call. */
    private static final long SLOW_DRAIN_MICROS = 1_000_000;

    @RegisterExtension
    final AppenderFixture fixture = new AppenderFixture();
    private final FakeDevice device = fixture.device;





    /**
     * The drain thread lingers a second after each batch; the thread's INFO events are still
     * queued when it logs an ERROR, and all of them are on the device, in order, when that call
     * returns: no waiting for the drain thread.
     */
    @Test
    void anErrorAndEverythingQueuedBeforeItAreOnTheDeviceWhenTheCallReturns() {
        KernelDeviceAppender a = fixture.appender(b -> b.setLingerMicros(SLOW_DRAIN_MICROS));
        a.append(event(Level.INFO, "wakes the drain thread, which then lingers"));
        await().atMost(WAIT).until(() -> device.size() == 1);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            a.append(event(Level.INFO, "info " + i));
            expected.add("info " + i);
        }
        a.append(event(Level.ERROR, "the error"));
        expected.add("the error");
        List<String> now = device.messages(); // no waiting: the call has returned
        assertEquals(expected, now.subList(1, now.size()));
        assertEquals(1, a.manager().counters().synced.sum());
    }

    /** Any level name; a custom level at or above it is written through too. */
    @Test
    void syncLevelIsAnyLevelAndMoreSevereOnesToo() {
        KernelDeviceAppender a = fixture.appender(b -> b.setSyncLevel("warn").setLingerMicros(SLOW_DRAIN_MICROS));
        a.append(event(Level.INFO, "wakes the drain thread, which then lingers"));
        await().atMost(WAIT).until(() -> device.size() == 1);
        a.append(event(Level.INFO, "queued"));
        a.append(event(Level.forName("NOTICE_SYNC_TEST", 350), "notice, below warn"));
        a.append(event(Level.WARN, "warn"));
        assertEquals(List.of("queued", "notice, below warn", "warn"),
                device.messages().subList(1, 4));
        a.append(event(Level.forName("SEVERE_SYNC_TEST", 250), "severe, above warn"));
        assertEquals("severe, above warn", device.messages().get(4));
        assertEquals(2, a.manager().counters().synced.sum());
    }

    /** syncLevel="OFF": an error is queued like any event, and the call never waits for a writer. */
    @Test
    void offWritesNothingThrough() throws Exception {
        KernelDeviceAppender a = fixture.appender(b -> b.setSyncLevel("OFF"));
        Semaphore gate = fixture.holdTheWriter(a);
        a.append(event(Level.FATAL, "queued, though fatal")); // returns while the writer is held
        assertEquals(1, a.manager().queue().size());
        gate.release(100);
        await().atMost(WAIT).until(() -> device.messages().contains("queued, though fatal"));
        assertEquals(0, a.manager().counters().synced.sum());
    }

    /**
     * Group commit: while the writer is busy, several threads log errors; each waits, and one
     * write takes all of them, each once, each thread's in its order.
     */
    @Test
    void errorsOfSeveralThreadsShareOneWrite() throws Exception {
        KernelDeviceAppender a = fixture.appender(b -> b);
        Semaphore gate = fixture.holdTheWriter(a);
        int threads = 6;
        List<Thread> loggers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            loggers.add(new Thread(() -> {
                a.append(event(Level.INFO, "t" + id + " info"));
                a.append(event(Level.ERROR, "t" + id + " error"));
            }, "logger-" + t));
        }
        loggers.forEach(Thread::start);
        for (Thread t : loggers) {
            Threads.awaitWaiting(t);
        }
        await().atMost(WAIT).until(() -> a.manager().queue().size() == 2 * threads);
        int callsBefore = device.writeCalls.get();
        device.gate = null;
        gate.release(100);
        for (Thread t : loggers) {
            t.join(WAIT.toMillis());
            assertFalse(t.isAlive());
        }
        assertEquals(1 + 2 * threads, device.size());
        assertEquals(callsBefore + 2, device.writeCalls.get(), "the held write, then one for all");
        List<String> got = device.messages();
        for (int t = 0; t < threads; t++) {
            int info = got.indexOf("t" + t + " info");
            int error = got.indexOf("t" + t + " error");
            assertTrue(info > 0 && info < error, got.toString());
            assertEquals(info, got.lastIndexOf("t" + t + " info"));
            assertEquals(error, got.lastIndexOf("t" + t + " error"));
        }
        assertEquals(threads, a.manager().counters().synced.sum());
    }

    /** blockTimeoutMillis bounds the wait for the writer; the event stays queued, written once. */
    @Test
    void theWaitForAWriterEndsAtBlockTimeoutMillisAndTheEventStaysQueued() {
        KernelDeviceAppender a = fixture.appender(b -> b.setBlockTimeoutMillis(50));
        Semaphore gate = fixture.holdTheWriter(a);
        a.append(event(Level.ERROR, "not yet written")); // returns while the writer is held
        assertEquals(0, a.manager().counters().synced.sum());
        assertEquals(1, a.manager().queue().size());
        device.gate = null;
        gate.release(100);
        await().atMost(WAIT).until(() -> device.size() == 2);
        assertEquals(List.of("first", "not yet written"), device.messages());
    }

    /** An interrupt does not cut the wait short: the error is written, and the flag is kept. */
    @Test
    void anInterruptedThreadStillWritesItsErrorThroughAndKeepsTheFlag() throws Exception {
        KernelDeviceAppender a = fixture.appender(b -> b);
        Semaphore gate = fixture.holdTheWriter(a);
        CompletableFuture<Boolean> flag = new CompletableFuture<>();
        Thread logger = new Thread(() -> {
            a.append(event(Level.ERROR, "logged while interrupted"));
            flag.complete(Thread.currentThread().isInterrupted());
        });
        logger.start();
        Threads.awaitWaiting(logger);
        logger.interrupt();
        Threads.awaitWaiting(logger);
        assertFalse(flag.isDone(), "the interrupt ended the wait");
        device.gate = null;
        gate.release(100);
        assertTrue(flag.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(List.of("first", "logged while interrupted"), device.messages());
        assertEquals(1, a.manager().counters().synced.sum());
    }

    /** On the writer's own thread (a device, an errorRef, a layout that logs), an error is queued. */
    @Test
    void anErrorLoggedOnTheWritersThreadIsQueuedNotWrittenThrough() {
        KernelDeviceAppender a = fixture.appender(b -> b);
        device.onWrite = () -> {
            device.onWrite = null;
            a.append(event(Level.ERROR, "from the writer's thread"));
        };
        a.append(event(Level.INFO, "first"));
        await().atMost(WAIT).until(() -> device.messages().contains("from the writer's thread"));
        assertEquals(List.of("first", "from the writer's thread"), device.messages());
        assertEquals(0, a.manager().counters().synced.sum());
    }

    /**
     * An error logged from a toString() while another event is formatted never waits (the outer
     * event is not queued yet): it is queued, and written before the outer one.
     */
    @Test
    void anErrorLoggedFromAToStringIsQueuedAndTheOuterCallWaitsForNothing() throws Exception {
        KernelDeviceAppender a = fixture.appender(b -> b.setDevice("/test/sync-nested"));
        LoggerContext ctx = TestAppenders.contextLoggingTo("sync-nested-test", a);
        try {
            Logger log = ctx.getLogger("app");
            Semaphore gate = fixture.holdTheWriter(a);
            Object logsAnError = new Object() {
                @Override
                public String toString() {
                    log.error("from toString()");
                    return "outer";
                }
            };
            a.append(event(Level.INFO, new ObjectMessage(logsAnError))); // returns: nothing waits
            assertEquals(2, a.manager().queue().size());
            device.gate = null;
            gate.release(100);
            await().atMost(WAIT).until(() -> device.size() == 3);
            assertEquals(List.of("first", "from toString()", "outer"), device.messages());
            assertEquals(0, a.manager().counters().synced.sum());
        } finally {
            ctx.stop();
        }
    }

    /** A module of ABI version 1 takes one record per write: the caller writes them one by one. */
    @Test
    void onAVersion1DeviceTheQueueIsWrittenThroughOneRecordPerWrite() {
        device.version = 1;
        KernelDeviceAppender a = fixture.appender(b -> b.setLingerMicros(SLOW_DRAIN_MICROS));
        a.append(event(Level.INFO, "wakes the drain thread, which then lingers"));
        await().atMost(WAIT).until(() -> device.size() == 1);
        int calls = device.writeCalls.get();
        a.append(event(Level.INFO, "queued"));
        a.append(event(Level.ERROR, "the error"));
        assertEquals(List.of("queued", "the error"), device.messages().subList(1, 3));
        assertEquals(calls + 2, device.writeCalls.get());
        assertEquals(1, a.manager().counters().synced.sum());
    }

    /**
     * A write that fails while an error is written through: the events take the usual path,
     * to errorRef as their text, counted, and the call neither waits on nor throws.
     */
    @Test
    void aFailingWriteSendsTheEventsToErrorRefAndTheCallReturns() {
        Configuration config = new DefaultConfiguration();
        ListAppender errors = new ListAppender("errors");
        errors.start();
        config.addAppender(errors);
        KernelDeviceAppender a = fixture.appender(b -> b.setErrorRef("errors").setConfiguration(config)
                .setIgnoreExceptions(false).setReconnectDelayMillis(60_000)
                .setLingerMicros(SLOW_DRAIN_MICROS));
        a.append(event(Level.INFO, "wakes the drain thread, which then lingers"));
        await().atMost(WAIT).until(() -> device.size() == 1);
        device.failWrites = new LoggerDeviceException(LoggerDeviceException.Operation.WRITE,
                Path.of("/dev/logger"), 19); // ENODEV: the module went away
        a.append(event(Level.INFO, "queued"));
        a.append(event(Level.ERROR, "the error"));
        assertEquals(List.of("queued", "the error"), errors.getEvents().stream()
                .map(e -> e.getMessage().getFormattedMessage()).toList());
        assertEquals(2, a.manager().counters().toErrorRef.sum());
        assertFalse(a.manager().connection().isConnected());
    }

    /** Several threads, each writing its errors through while others log, for a while: each event once, in order. */
    @Test
    void manyThreadsWritingThroughLoseNothingAndKeepTheirOrder() throws Exception {
        KernelDeviceAppender a = fixture.appender(b -> b.setQueueSize(64));
        int threads = 4;
        int events = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> loggers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            loggers.add(new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                for (int n = 0; n < events; n++) {
                    a.append(event(n % 10 == 9 ? Level.ERROR : Level.INFO, id + ":" + n));
                }
            }));
        }
        loggers.forEach(Thread::start);
        start.countDown();
        for (Thread t : loggers) {
            t.join(TimeUnit.MINUTES.toMillis(2));
            assertFalse(t.isAlive());
        }
        await().atMost(WAIT).until(() -> device.size() == threads * events);
        int[] next = new int[threads];
        for (String m : device.messages()) {
            String[] parts = m.split(":");
            int id = Integer.parseInt(parts[0]);
            assertEquals(next[id], Integer.parseInt(parts[1]), "thread " + id + " out of order");
            next[id]++;
        }
        assertEquals(threads * events / 10, a.manager().counters().synced.sum());
    }
}
