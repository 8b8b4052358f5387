package io.github.kernellogger.appender;

import static io.github.kernellogger.appender.TestAppenders.event;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.core.FakeDevice.Record;
import io.github.kernellogger.core.FakeDevice;
import io.github.kernellogger.core.Threads;
import io.github.kernellogger.device.LoggerDeviceException;
import io.github.kernellogger.device.RecordField;
import io.github.kernellogger.device.SyslogLevel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AppenderLoggingException;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.NullConfiguration;
import org.apache.logging.log4j.core.filter.ThresholdFilter;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.AbstractStringLayout;
import org.apache.logging.log4j.core.test.appender.ListAppender;
import org.apache.logging.log4j.core.util.KeyValuePair;
import org.apache.logging.log4j.message.ObjectMessage;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.test.ListStatusListener;
import org.apache.logging.log4j.test.junit.UsingStatusListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The appender against a stand-in device: everything but the kernel. */
@UsingStatusListener
class KernelDeviceAppenderTest {
    private static final Duration WAIT = AppenderFixture.WAIT;

    @RegisterExtension
    final AppenderFixture fixture = new AppenderFixture();
    private final FakeDevice device = fixture.device;





    @Test
    void eachEventIsOneRecordAtItsSyslogLevel() {
        KernelDeviceAppender a = fixture.appender(b -> b);
        a.append(event(Level.FATAL, "fatal"));
        a.append(event(Level.ERROR, "error"));
        a.append(event(Level.WARN, "warn"));
        a.append(event(Level.INFO, "info"));
        a.append(event(Level.DEBUG, "debug"));
        a.append(event(Level.TRACE, "trace"));
        a.append(event(Level.forName("NOTICE_APPENDER_TEST", 350), "custom"));
        await().atMost(WAIT).until(() -> device.size() == 7);
        assertEquals(List.of(
                new Record(SyslogLevel.ALERT, "fatal"), new Record(SyslogLevel.ERR, "error"),
                new Record(SyslogLevel.WARNING, "warn"), new Record(SyslogLevel.INFO, "info"),
                new Record(SyslogLevel.DEBUG, "debug"), new Record(SyslogLevel.DEBUG, "trace"),
                new Record(SyslogLevel.WARNING, "custom")), device.records());
        assertEquals(7, a.manager().counters().written);
    }

    @Test
    void theDefaultLayoutIsTheMessageAndFieldsNameTheThreadAndLogger() {
        KernelDeviceAppender a = fixture.appender(b -> b.setLayout(null));
        a.append(event(Level.INFO, "hello"));
        await().atMost(WAIT).until(() -> device.size() == 1);
        FakeDevice.Stored r = device.stored().get(0);
        assertEquals("hello", r.record().message());
        assertEquals("test", r.field("TAG"));
        assertEquals(Thread.currentThread().getName(), r.field("THREAD"));
    }

    /** A module of ABI version 1 takes no fields: the default layout then names them. */
    @Test
    void onAVersion1DeviceRecordsArePlainAndTheDefaultLayoutNamesTheThreadAndLogger() {
        device.version = 1;
        KernelDeviceAppender a = fixture.appender(b -> b.setLayout(null));
        for (int i = 0; i < 3; i++) {
            a.append(event(Level.WARN, "hello " + i));
        }
        await().atMost(WAIT).until(() -> device.size() == 3);
        for (int i = 0; i < 3; i++) {
            FakeDevice.Stored r = device.stored().get(i);
            assertEquals(new Record(SyslogLevel.WARNING,
                    "[" + Thread.currentThread().getName() + "] test - hello " + i), r.record());
            assertFalse(r.framed());
            assertEquals(List.of(), r.fields());
        }
        assertEquals(3, device.writeCalls.get(), "one record per write");
        assertFalse(a.manager().connection().framed());
    }

    @Test
    void theDefaultLayoutPutsAStackTraceOnLinesOfItsOwn() {
        KernelDeviceAppender a = fixture.appender(b -> b.setLayout(null));
        a.append(Log4jLogEvent.newBuilder().setLoggerName("app").setLevel(Level.ERROR)
                .setMessage(new SimpleMessage("failed")).setThrown(new IllegalStateException("why"))
                .build());
        await().atMost(WAIT).until(() -> device.size() == 1);
        String got = device.messages().get(0);
        assertTrue(got.startsWith("failed" + System.lineSeparator()
                + "java.lang.IllegalStateException: why"), got);
        assertFalse(got.endsWith(System.lineSeparator()));
    }

    @Test
    void aFullQueueDiscardsWhenNotBlockingAndTheLogSaysHowMany() {
        KernelDeviceAppender a = fixture.appender(b -> b.setQueueSize(4).setBlocking(false));
        Semaphore gate = fixture.holdTheWriter(a);
        for (int i = 0; i < 7; i++) {
            a.append(event(Level.INFO, "e" + i)); // e4, e5, e6 find the queue full
        }
        assertEquals(3, a.manager().queue().discarded());
        device.gate = null;
        gate.release(100);
        await().atMost(WAIT).until(() -> device.size() == 6);
        List<Record> records = device.records();
        assertEquals(List.of("first", "e0", "e1", "e2", "e3"), device.messages().subList(0, 5));
        // Where they were lost: after e3, the last event queued before them.
        assertEquals(new Record(SyslogLevel.WARNING, "kernel-logger: 3 events were discarded "
                + "because the queue for " + a.manager().path() + " was full"), records.get(5));
    }

    @Test
    void eventsMoreSevereThanTheThresholdWaitEvenWhenNotBlocking() throws Exception {
        KernelDeviceAppender a = fixture.appender(b -> b.setQueueSize(1).setBlocking(false)
                .setDiscardThreshold("warn"));
        Semaphore gate = fixture.holdTheWriter(a);
        a.append(event(Level.WARN, "fills the queue"));
        Thread severe = new Thread(() -> a.append(event(Level.ERROR, "must not be lost")));
        severe.start();
        Threads.awaitWaiting(severe);
        a.append(event(Level.WARN, "at the threshold: discarded"));
        device.gate = null;
        gate.release(100);
        severe.join(WAIT.toMillis());
        await().atMost(WAIT).until(() -> device.messages().contains("must not be lost"));
        assertEquals(1, a.manager().queue().discarded());
    }

    @Test
    void blockingWaitsAtMostTheTimeoutThenDiscards() {
        KernelDeviceAppender a = fixture.appender(b -> b.setQueueSize(1).setBlockTimeoutMillis(20));
        fixture.holdTheWriter(a);
        a.append(event(Level.INFO, "fills the queue"));
        a.append(event(Level.INFO, "waits 20 ms, then is discarded"));
        assertEquals(1, a.manager().queue().discarded());
    }

    @Test
    void blockingWithoutATimeoutWaitsForRoom() throws Exception {
        KernelDeviceAppender a = fixture.appender(b -> b.setQueueSize(1));
        Semaphore gate = fixture.holdTheWriter(a);
        a.append(event(Level.INFO, "fills the queue"));
        Thread waiter = new Thread(() -> a.append(event(Level.DEBUG, "waits")));
        waiter.start();
        Threads.awaitWaiting(waiter);
        device.gate = null;
        gate.release(100);
        waiter.join(WAIT.toMillis());
        await().atMost(WAIT).until(() -> device.messages().contains("waits"));
        assertEquals(0, a.manager().queue().discarded());
    }

    @Test
    void anInterruptEndsTheWaitCountsTheEventAndKeepsTheFlag() throws Exception {
        KernelDeviceAppender a = fixture.appender(b -> b.setQueueSize(1));
        fixture.holdTheWriter(a);
        a.append(event(Level.INFO, "fills the queue"));
        CompletableFuture<Boolean> flag = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            a.append(event(Level.INFO, "interrupted"));
            flag.complete(Thread.currentThread().isInterrupted());
        });
        waiter.start();
        Threads.awaitWaiting(waiter);
        waiter.interrupt();
        assertTrue(flag.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(1, a.manager().queue().discarded());
    }

    /**
     * {@code Thread.currentThread().interrupt(); log.info(...)}, and every thread of a pool being
     * shut down: nothing is lost while the queue has room, whatever the policy, and the flag stays.
     */
    @Test
    void anInterruptedThreadLosesNothingWhileThereIsRoom() {
        KernelDeviceAppender blocking = fixture.appender(b -> b.setDevice("/test/interrupted-blocking"));
        KernelDeviceAppender timed = fixture.appender(b -> b.setName("timed").setBlockTimeoutMillis(1000)
                .setDevice("/test/interrupted-timed"));
        List<LogEvent> events = List.of(event(Level.INFO, "info"), event(Level.DEBUG, "debug"),
                event(Level.TRACE, "trace"), event(Level.ERROR, "error"));
        Thread.currentThread().interrupt();
        try {
            for (KernelDeviceAppender a : List.of(blocking, timed)) {
                events.forEach(a::append);
            }
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        await().atMost(WAIT).until(() -> device.size() == 8);
        assertEquals(0, blocking.manager().queue().discarded() + timed.manager().queue().discarded());
    }

    @Test
    void theDrainThreadNeverWaitsForItsOwnQueue() {
        KernelDeviceAppender a = fixture.appender(b -> b.setQueueSize(1));
        // The device logs through the appender while being written to, on the drain thread,
        // until the queue is full: a wait there would wait for itself forever.
        device.onWrite = () -> {
            device.onWrite = null;
            a.append(event(Level.ERROR, "from the drain thread 1"));
            a.append(event(Level.ERROR, "from the drain thread 2"));
            a.append(event(Level.ERROR, "from the drain thread 3"));
        };
        a.append(event(Level.INFO, "first"));
        await().atMost(WAIT).until(() -> device.messages().contains("from the drain thread 1"));
        assertEquals(2, a.manager().queue().discarded());
        a.append(event(Level.INFO, "after"));
        await().atMost(WAIT).until(() -> device.messages().contains("after"));
    }

    @Test
    void aLoggingCallMadeWhileFormattingDoesNotWait() throws Exception {
        // Two appenders on one device: the root logger writes through "kernel", the logger
        // "nested" through "nested". Formatting a root event logs to "nested".
        // (Appenders on one device share one queue: both say queueSize="1".)
        KernelDeviceAppender a = fixture.appender(b -> b.setQueueSize(1).setDevice("/test/nested"));
        KernelDeviceAppender b = fixture.appender(x -> x.setQueueSize(1).setName("nested")
                .setDevice("/test/nested"));
        LoggerContext ctx = new LoggerContext("nested-logging-test");
        NullConfiguration config = new NullConfiguration();
        ctx.start(config);
        config.getRootLogger().setLevel(Level.ALL);
        config.getRootLogger().addAppender(a, null, null);
        LoggerConfig nestedConfig = new LoggerConfig("nested", Level.ALL, false);
        nestedConfig.addAppender(b, null, null);
        config.addLogger("nested", nestedConfig);
        ctx.updateLoggers();
        try {
            Logger root = ctx.getRootLogger();
            Logger nested = ctx.getLogger("nested");
            Semaphore gate = fixture.holdTheWriter(a);
            root.info("fills the queue");
            Object logsWhenFormatted = new Object() {
                @Override
                public String toString() {
                    // Log4j formats the message as it creates the event, before any appender
                    // runs; both calls find the queue full and must not wait.
                    nested.error("logged from toString()");
                    root.info("logged to the same appender");
                    return "outer";
                }
            };
            Thread outer = new Thread(() -> root.info("{}", logsWhenFormatted));
            outer.start();
            // The nested calls gave up at once; the outer one waits for room, as blocking says.
            Threads.awaitWaiting(outer);
            assertEquals(2, a.manager().queue().discarded());
            device.gate = null;
            gate.release(100);
            outer.join(WAIT.toMillis());
            await().atMost(WAIT).until(() -> device.messages().contains("outer"));
            assertEquals(List.of("first", "fills the queue", "kernel-logger: 2 events were discarded "
                    + "because the queue for /test/nested was full", "outer"), device.messages());
        } finally {
            ctx.stop();
        }
    }

    /**
     * As on the thread of an Async appender or of async loggers: the event reaches append() with
     * no Logger call on the stack, and the layout formats a message whose toString() logs. Only
     * the appender's own count of events being formatted tells that the inner call is nested.
     */
    @Test
    void aLoggingCallMadeByTheLayoutOutsideAnyLoggerCallDoesNotWait() throws Exception {
        KernelDeviceAppender a = fixture.appender(b -> b.setQueueSize(1).setDevice("/test/layout-logs"));
        LoggerContext ctx = TestAppenders.contextLoggingTo("layout-logging-test", a);
        try {
            Logger nested = ctx.getLogger("nested");
            Semaphore gate = fixture.holdTheWriter(a);
            a.append(event(Level.INFO, "fills the queue"));
            Object logsWhenFormatted = new Object() {
                @Override
                public String toString() {
                    nested.error("logged while the layout formats");
                    return "outer";
                }
            };
            Thread outer = new Thread(() -> a.append(event(Level.INFO, new ObjectMessage(logsWhenFormatted))));
            outer.start();
            // The nested call gave up at once; the outer one then waits for room.
            await().atMost(WAIT).until(() -> a.manager().queue().discarded() == 1);
            Threads.awaitWaiting(outer);
            device.gate = null;
            gate.release(100);
            outer.join(WAIT.toMillis());
            await().atMost(WAIT).until(() -> device.size() == 4);
            assertEquals(List.of("first", "fills the queue", "kernel-logger: 1 event was discarded "
                    + "because the queue for /test/layout-logs was full"), device.messages().subList(0, 3));
            // Log4j's PatternLayout shares one StringBuilder per thread and only a Logger call's
            // recursion count tells it to take another, so here the inner event's text lands in
            // the outer one's: Log4j's own appenders do the same on an Async appender's thread.
            assertTrue(device.messages().get(3).endsWith("outer"), device.messages().get(3));
        } finally {
            ctx.stop();
        }
    }

    @Test
    void anEventOverMaxPayloadIsCutVisiblyAndCounted() {
        device.maxPayload = 100;
        KernelDeviceAppender a = fixture.appender(b -> b);
        String big = "ä".repeat(200); // 400 bytes of 2-byte characters
        a.append(event(Level.INFO, big));
        await().atMost(WAIT).until(() -> device.size() == 1);
        String got = device.messages().get(0);
        int kept = got.indexOf("...[truncated ");
        assertEquals("ä".repeat(kept) + "...[truncated " + (400 - 2 * kept) + " bytes]", got);
        assertTrue(got.getBytes(StandardCharsets.UTF_8).length <= 100);
        assertEquals(1, a.manager().counters().truncated.sum());
    }

    @Test
    void aSmallerMaxPayloadAfterAReloadIsHandled() {
        KernelDeviceAppender a = fixture.appender(b -> b);
        a.append(event(Level.INFO, "ok"));
        await().atMost(WAIT).until(() -> device.size() == 1);
        device.maxPayload = 50; // the module came back with a smaller limit
        a.append(event(Level.INFO, "z".repeat(100)));
        await().atMost(WAIT).until(() -> device.size() == 2);
        // 27 bytes kept and a 23-byte ending make the 50 the device now takes.
        assertEquals("z".repeat(27) + "...[truncated 73 bytes]", device.messages().get(1));
        assertEquals(0, a.manager().counters().writeErrors);
        assertEquals(1, a.manager().counters().truncated.sum());
    }

    private static ListAppender errorRef(Configuration config) {
        ListAppender list = new ListAppender("errors");
        list.start();
        config.addAppender(list);
        return list;
    }

    @Test
    void aMissingDeviceSendsEventsToErrorRefReportsOnceAndRecovers(ListStatusListener status) {
        Configuration config = new DefaultConfiguration();
        ListAppender errors = errorRef(config);
        device.failOpens.set(Integer.MAX_VALUE);
        KernelDeviceAppender a = fixture.appender(b -> b
                .setErrorRef("errors").setReconnectDelayMillis(10).setConfiguration(config));
        for (int i = 0; i < 5; i++) {
            a.append(event(Level.WARN, "while missing " + i));
        }
        await().atMost(WAIT).until(() -> errors.getEvents().size() == 5);
        assertEquals("while missing 0", errors.getEvents().get(0).getMessage().getFormattedMessage());
        assertEquals(Level.WARN, errors.getEvents().get(0).getLevel());
        // Not yet queued when the device was known to be missing: they arrive as themselves.
        assertEquals("test", errors.getEvents().get(0).getLoggerName());
        assertEquals(5, a.manager().counters().toErrorRef.sum());
        List<StatusData> reported = status.findStatusData(Level.ERROR)
                .filter(d -> d.getMessage().getFormattedMessage().contains(a.manager().path().toString()))
                .toList();
        assertEquals(1, reported.size(), "one status error, not one per event");
        assertTrue(reported.get(0).getMessage().getFormattedMessage().contains(
                "does not exist; is the logger module loaded?"));

        device.failOpens.set(0);
        await().atMost(WAIT).until(() -> a.manager().connection().isConnected());
        a.append(event(Level.INFO, "back"));
        await().atMost(WAIT).until(() -> device.messages().contains("back"));
        assertEquals(5, errors.getEvents().size());
    }

    /** As Log4j's AsyncAppender with blocking="false": an event the full queue refuses goes to errorRef. */
    @Test
    void eventsDiscardedOnAFullQueueGoToErrorRefAsThemselves() {
        Configuration config = new DefaultConfiguration();
        ListAppender errors = errorRef(config);
        KernelDeviceAppender a = fixture.appender(b -> b.setQueueSize(1).setBlocking(false)
                .setErrorRef("errors").setConfiguration(config));
        Semaphore gate = fixture.holdTheWriter(a);
        a.append(event(Level.INFO, "fills the queue"));
        IllegalStateException why = new IllegalStateException("why");
        a.append(Log4jLogEvent.newBuilder().setLoggerName("app.Orders").setLevel(Level.INFO)
                .setMessage(new SimpleMessage("no room")).setThrown(why)
                .setThreadName(Thread.currentThread().getName()).build());
        assertEquals(1, errors.getEvents().size());
        LogEvent got = errors.getEvents().get(0);
        assertEquals("app.Orders", got.getLoggerName());
        assertEquals(Thread.currentThread().getName(), got.getThreadName());
        assertEquals(why, got.getThrown());
        assertEquals(1, a.manager().queue().discarded());
        device.gate = null;
        gate.release(100);
    }

    /** ignoreExceptions="false": what cannot be delivered is an exception, so that Failover works. */
    @Test
    void withoutIgnoreExceptionsWhatCannotBeDeliveredThrows() {
        KernelDeviceAppender a = fixture.appender(b -> b.setQueueSize(1).setBlocking(false)
                .setIgnoreExceptions(false));
        Semaphore gate = fixture.holdTheWriter(a);
        a.append(event(Level.INFO, "fills the queue"));
        AppenderLoggingException full = assertThrows(AppenderLoggingException.class,
                () -> a.append(event(Level.INFO, "no room")));
        assertTrue(full.getMessage().contains("the queue for " + a.manager().path() + " is full"),
                full.getMessage());
        device.gate = null;
        gate.release(100);

        FakeDevice missing = new FakeDevice();
        missing.failOpens.set(Integer.MAX_VALUE);
        KernelDeviceAppender down = TestAppenders.started(missing, b -> b.setIgnoreExceptions(false)
                .setReconnectDelayMillis(60_000));
        fixture.stopAfterwards(down);
        AppenderLoggingException gone = assertThrows(AppenderLoggingException.class,
                () -> down.append(event(Level.INFO, "nowhere to go")));
        assertTrue(gone.getMessage().contains("is not open"), gone.getMessage());
    }

    /** errorRef is called as Log4j calls any appender: its own filter applies. */
    @Test
    void errorRefIsCalledThroughItsFilters() {
        Configuration config = new DefaultConfiguration();
        ListAppender errors = new ListAppender("errors",
                ThresholdFilter.createFilter(Level.WARN, null, null), null, false, false);
        errors.start();
        config.addAppender(errors);
        device.failOpens.set(Integer.MAX_VALUE);
        KernelDeviceAppender a = fixture.appender(b -> b.setErrorRef("errors").setReconnectDelayMillis(60_000)
                .setConfiguration(config));
        a.append(event(Level.INFO, "below the filter"));
        a.append(event(Level.ERROR, "above it"));
        await().atMost(WAIT).until(() -> errors.getEvents().size() == 1);
        assertEquals("above it", errors.getEvents().get(0).getMessage().getFormattedMessage());
        await().atMost(WAIT).until(() -> a.manager().queue().size() == 0);
        assertEquals(List.of("above it"), errors.getEvents().stream()
                .map(e -> e.getMessage().getFormattedMessage()).toList());
    }

    @Test
    void withoutErrorRefEventsAreCountedAsLost() {
        device.failOpens.set(Integer.MAX_VALUE);
        KernelDeviceAppender a = fixture.appender(b -> b.setReconnectDelayMillis(60_000));
        a.append(event(Level.INFO, "gone"));
        a.append(event(Level.INFO, "gone too"));
        await().atMost(WAIT).until(() -> a.manager().counters().lost == 2);
        assertEquals(0, a.manager().counters().written);
    }

    @Test
    void aFailingWriteFailsOverThenTheDeviceIsReopened(ListStatusListener status) {
        Configuration config = new DefaultConfiguration();
        ListAppender errors = errorRef(config);
        KernelDeviceAppender a = fixture.appender(b -> b
                .setErrorRef("errors").setReconnectDelayMillis(10).setConfiguration(config));
        a.append(event(Level.INFO, "before"));
        await().atMost(WAIT).until(() -> device.size() == 1);
        device.failWrites = new LoggerDeviceException(LoggerDeviceException.Operation.WRITE,
                Path.of("/dev/logger"), 19); // ENODEV: the module went away
        a.append(event(Level.INFO, "during"));
        await().atMost(WAIT).until(() -> errors.getEvents().size() == 1);
        assertEquals(1, a.manager().counters().writeErrors);
        assertEquals(1, status.findStatusData(Level.ERROR).filter(d ->
                d.getMessage().getFormattedMessage().contains("writing failed: ENODEV")).count());
        device.failWrites = null;
        await().atMost(WAIT).until(() -> a.manager().connection().isConnected());
        a.append(event(Level.INFO, "after"));
        await().atMost(WAIT).until(() -> device.messages().contains("after"));
        assertEquals(List.of("before", "after"), device.messages());
        assertEquals(2, device.opens.get());
    }

    /** EINVAL, EFAULT, ENOMEM: the device refused one record, and is still there for the next. */
    @Test
    void aDeviceErrorOnOneEventKeepsTheDeviceOpen() {
        Configuration config = new DefaultConfiguration();
        ListAppender errors = errorRef(config);
        KernelDeviceAppender a = fixture.appender(b -> b
                .setErrorRef("errors").setReconnectDelayMillis(60_000).setConfiguration(config));
        a.append(event(Level.INFO, "before"));
        await().atMost(WAIT).until(() -> device.size() == 1);
        device.refuseMessage = "refused"::equals;
        device.refuseErrno = 12; // ENOMEM
        a.append(event(Level.INFO, "refused"));
        a.append(event(Level.INFO, "after"));
        await().atMost(WAIT).until(() -> device.messages().contains("after"));
        assertEquals(List.of("before", "after"), device.messages());
        assertEquals(List.of("refused"), errors.getEvents().stream()
                .map(e -> e.getMessage().getFormattedMessage()).toList());
        assertEquals(1, a.manager().counters().writeErrors);
        assertEquals(1, device.opens.get(), "never closed");
        assertTrue(a.manager().connection().isConnected());
    }

    /** Below the length of "...[truncated N bytes]", the cut still fits: max_payload may be 1. */
    @Test
    void aTinyMaxPayloadStillGetsEveryEventWritten() {
        device.maxPayload = 10;
        KernelDeviceAppender a = fixture.appender(b -> b.setReconnectDelayMillis(60_000));
        a.append(event(Level.INFO, "x".repeat(100)));
        await().atMost(WAIT).until(() -> device.size() == 1);
        assertEquals("xxxxxxx...", device.messages().get(0));
        device.maxPayload = 2; // smaller again since the event was cut: the drain thread cuts it again
        a.append(event(Level.INFO, "y".repeat(100)));
        await().atMost(WAIT).until(() -> device.size() == 2);
        assertEquals("yy", device.messages().get(1));
        assertEquals(0, a.manager().counters().lost);
        assertEquals(1, device.opens.get());
    }

    /** An OOM, a LinkageError, a bug: the event is lost and counted, the thread carries on. */
    @Test
    void theDrainThreadSurvivesAnythingAnEventThrows(ListStatusListener status) throws Exception {
        KernelDeviceAppender a = fixture.appender(b -> b.setQueueSize(1));
        a.append(event(Level.INFO, "before"));
        await().atMost(WAIT).until(() -> device.size() == 1);
        for (Throwable thrown : List.of(new OutOfMemoryError("Direct buffer memory"),
                new IllegalStateException("a bug"))) {
            device.onWrite = () -> {
                device.onWrite = null;
                if (thrown instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) thrown;
            };
            a.append(event(Level.INFO, "lost to " + thrown));
            // More than the queue holds, from a producer that waits for room.
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 5; i++) {
                    a.append(event(Level.INFO, "after " + thrown + " " + i));
                }
            });
            producer.start();
            producer.join(WAIT.toMillis());
            assertFalse(producer.isAlive(), "the producer waits for a drain thread that died");
            await().atMost(WAIT).until(() -> device.messages().contains("after " + thrown + " 4"));
        }
        assertTrue(a.manager().drainThread().isAlive());
        assertEquals(2, a.manager().counters().lost);
        assertEquals(11, device.size());
        assertTrue(status.findStatusData(Level.ERROR).anyMatch(d -> d.getThrowable() != null
                && d.getThrowable().getMessage().equals("Direct buffer memory")));
    }

    /** A layout that throws for one event: the drain thread formats it, and loses only that one. */
    @Test
    void aLayoutThatThrowsCostsOnlyItsEvent(ListStatusListener status) {
        Layout<String> failing = new AbstractStringLayout(StandardCharsets.UTF_8) {
            @Override
            public String toSerializable(LogEvent event) {
                String m = event.getMessage().getFormattedMessage();
                if (m.equals("boom")) {
                    throw new IllegalStateException("a layout's bug");
                }
                return m;
            }
        };
        KernelDeviceAppender a = fixture.appender(b -> b.setLayout(failing));
        a.append(event(Level.INFO, "before"));
        a.append(event(Level.INFO, "boom"));
        a.append(event(Level.INFO, "after"));
        await().atMost(WAIT).until(() -> device.messages().contains("after"));
        assertEquals(List.of("before", "after"), device.messages());
        assertEquals(1, a.manager().counters().lost);
        assertTrue(status.findStatusData(Level.ERROR).anyMatch(d -> d.getThrowable() != null
                && "a layout's bug".equals(d.getThrowable().getMessage())));
        assertTrue(a.manager().drainThread().isAlive());
    }

    /**
     * JNA's native part cannot load (a noexec /tmp, a container, a laptop that is not Linux):
     * an outage like a missing device, not an appender that fails to exist.
     */
    @Test
    void aBindingThatCannotLoadIsAnOutageLikeAMissingDevice(ListStatusListener status) {
        Configuration config = new DefaultConfiguration();
        ListAppender errors = errorRef(config);
        device.openError = new NoClassDefFoundError("Could not initialize class com.sun.jna.Native");
        device.failOpens.set(3);
        KernelDeviceAppender a = fixture.appender(b -> b
                .setErrorRef("errors").setReconnectDelayMillis(10).setConfiguration(config));
        assertTrue(a.isStarted());
        a.append(event(Level.WARN, "while the binding is missing"));
        await().atMost(WAIT).until(() -> errors.getEvents().size() == 1);
        assertEquals(1, status.findStatusData(Level.ERROR).filter(d -> d.getMessage()
                .getFormattedMessage().contains("Could not initialize class com.sun.jna.Native")).count());
        // It keeps trying, and the third retry finds the device.
        await().atMost(WAIT).until(() -> a.manager().connection().isConnected());
        a.append(event(Level.INFO, "back"));
        await().atMost(WAIT).until(() -> device.messages().contains("back"));
    }

    @Test
    void stopWritesWhatIsQueuedClosesTheDeviceAndEndsTheThread() {
        KernelDeviceAppender a = TestAppenders.started(device, b -> b);
        Semaphore gate = fixture.holdTheWriter(a);
        for (int i = 0; i < 100; i++) {
            a.append(event(Level.INFO, "queued " + i));
        }
        device.gate = null;
        gate.release(1000);
        assertTrue(a.stop(10, TimeUnit.SECONDS));
        assertEquals(101, device.size());
        assertEquals(0, device.openNow.get());
        assertFalse(a.manager().drainThread().isAlive());
        assertTrue(a.isStopped());
    }

    /** As Log4j's shutdownTimeout="0": no deadline, however long writing what is queued takes. */
    @Test
    void aShutdownTimeoutOfZeroWaitsForEverythingQueued() throws Exception {
        KernelDeviceAppender a = TestAppenders.started(device, b -> b.setShutdownTimeoutMillis(0)
                .setQueueSize(2000));
        Semaphore gate = fixture.holdTheWriter(a);
        for (int i = 0; i < 999; i++) {
            a.append(event(Level.INFO, "queued " + i));
        }
        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> a.stop(10, TimeUnit.SECONDS));
        // The drain thread is still held when stopping begins; only then may it write.
        await().atMost(WAIT).until(() -> a.manager().isReleased());
        device.gate = null;
        gate.release(10_000);
        assertTrue(stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(1000, device.size());
        assertEquals(0, a.manager().counters().lost);
    }

    @Test
    void stopReturnsInBoundedTimeWhenTheDeviceHangs(ListStatusListener status) throws Exception {
        KernelDeviceAppender a = TestAppenders.started(device, b -> b.setShutdownTimeoutMillis(50));
        Semaphore gate = fixture.holdTheWriter(a);
        a.append(event(Level.INFO, "stuck behind the first"));
        assertFalse(a.stop(10, TimeUnit.SECONDS), "the drain thread cannot finish");
        assertTrue(status.findStatusData(Level.ERROR).anyMatch(d ->
                d.getMessage().getFormattedMessage().contains("did not stop within 50 ms")));
        device.gate = null;
        gate.release(100);
        a.manager().drainThread().join(WAIT.toMillis());
        // Past the deadline, what was still queued is counted as lost, not written.
        assertEquals(1, a.manager().counters().lost);
    }

    @Test
    void twoAppendersShareOneManagerPerDevice() {
        KernelDeviceAppender first = fixture.appender(b -> b.setName("one").setDevice("/test/shared"));
        KernelDeviceAppender second = fixture.appender(b -> b.setName("two").setDevice("/test/shared"));
        assertTrue(first.manager() == second.manager());
        assertEquals(List.of("one", "two"), List.of(first.manager().appenderNames()).stream().sorted().toList());
        first.stop(10, TimeUnit.SECONDS);
        fixture.stopped(first);
        assertTrue(second.manager().drainThread().isAlive(), "the other appender still uses it");
        second.append(event(Level.INFO, "still writing"));
        await().atMost(WAIT).until(() -> device.messages().contains("still writing"));
    }

    @Test
    void badAttributesAreStatusErrorsNotExceptions(ListStatusListener status) {
        List<UnaryOperator<TestAppenders.TestBuilder>> bad = List.of(
                b -> b.setName(null),
                b -> b.setQueueSize(0),
                b -> b.setQueueBytes(-1),
                b -> b.setBlockTimeoutMillis(-1),
                b -> b.setShutdownTimeoutMillis(-5),
                b -> b.setReconnectDelayMillis(0),
                b -> b.setDiscardThreshold("LOUD"),
                b -> b.setDevice(""),
                b -> b.setSyncLevel("SEVERE"),
                b -> b.setLingerMicros(-1),
                b -> b.setLingerMicros(2_000_000));
        List<String> expected = List.of("the name attribute is missing",
                "queueSize=0 is out of range", "queueBytes=-1 is negative",
                "blockTimeoutMillis=-1 is negative",
                "shutdownTimeoutMillis=-5 is negative", "reconnectDelayMillis=0 must be at least 1",
                "discardThreshold=LOUD is not a level", "the device attribute is empty",
                "syncLevel=SEVERE is not a level", "lingerMicros=-1 is out of range",
                "lingerMicros=2000000 is out of range");
        for (int i = 0; i < bad.size(); i++) {
            status.clear();
            Object built = bad.get(i).apply(TestAppenders.builder(device)).build();
            assertNull(built);
            String want = expected.get(i);
            assertTrue(status.findStatusData(Level.ERROR)
                    .anyMatch(d -> d.getMessage().getFormattedMessage().contains(want)), want);
        }
        assertEquals(0, device.opens.get(), "nothing was opened for a bad configuration");
    }

    /**
     * Static fields are Log4j's own {@code <KeyValuePair>} elements; a key the device does not
     * take is a status error, and that pair alone is left out.
     */
    @Test
    void keyValuePairsAreStaticFieldsAndABadKeyIsLeftOut(ListStatusListener status) {
        KernelDeviceAppender a = fixture.appender(b -> b.setLayout(null).setKeyValuePairs(
                new KeyValuePair("SERVICE", "payments"), new KeyValuePair("bad key", "x"),
                new KeyValuePair("REGION", "eu-1")));
        a.append(event(Level.INFO, "with static fields"));
        await().atMost(WAIT).until(() -> device.size() == 1);
        FakeDevice.Stored r = device.stored().get(0);
        assertEquals(List.of(RecordField.of("SERVICE", "payments"), RecordField.of("REGION", "eu-1")),
                r.fields().subList(0, 2));
        assertEquals("test", r.field("TAG"));
        assertTrue(status.findStatusData(Level.ERROR).anyMatch(d -> d.getMessage().getFormattedMessage()
                .contains("KeyValuePair the key 'bad key' is not a key of /dev/logger")));
    }

    /** What a held drain thread finds when it is let go: a batch of what was queued meanwhile. */
    private void releaseAfterQueueing(KernelDeviceAppender a, Semaphore gate, String... messages) {
        for (String m : messages) {
            a.append(event(Level.INFO, m));
        }
        await().atMost(WAIT).until(() -> a.manager().queue().size() == messages.length);
        device.gate = null;
        gate.release(1_000_000);
    }

    private static String[] numbered(int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = "event " + i;
        }
        return out;
    }

    @Test
    void aBatchIsOneWriteCall() {
        KernelDeviceAppender a = fixture.appender(b -> b);
        Semaphore gate = fixture.holdTheWriter(a);
        releaseAfterQueueing(a, gate, numbered(100));
        await().atMost(WAIT).until(() -> device.size() == 101);
        assertEquals(2, device.writeCalls.get(), "the first event, then the 100 queued behind it");
        assertEquals(List.of(numbered(100)), device.messages().subList(1, 101));
    }

    /** The module came back with a smaller max_payload: the one frame over it is cut, alone. */
    @Test
    void aFrameOverASmallerMaxPayloadCostsOnlyItself() {
        KernelDeviceAppender a = fixture.appender(b -> b);
        Semaphore gate = fixture.holdTheWriter(a);
        device.maxPayload = 120;
        String big = "z".repeat(200);
        releaseAfterQueueing(a, gate, "a", "b", big, "c", "d");
        await().atMost(WAIT).until(() -> device.size() == 6);
        List<String> got = device.messages();
        assertEquals(List.of("first", "a", "b"), got.subList(0, 3));
        assertTrue(got.get(3).startsWith("zzz") && got.get(3).endsWith(" bytes]"), got.get(3));
        assertEquals(List.of("c", "d"), got.subList(4, 6));
        FakeDevice.Stored cut = device.stored().get(3);
        assertEquals("test", cut.field("TAG"), "the fields stay when they fit");
        assertEquals(1, a.manager().counters().truncated.sum());
        assertEquals(0, a.manager().counters().writeErrors);
        assertEquals(6, a.manager().counters().written);
    }

    /** EINVAL for one frame: that one goes to errorRef, and every other of its batch is written. */
    @Test
    void aFrameTheDeviceRefusesGoesToErrorRefAndTheRestOfItsBatchIsWritten() {
        Configuration config = new DefaultConfiguration();
        ListAppender errors = errorRef(config);
        KernelDeviceAppender a = fixture.appender(b -> b.setErrorRef("errors").setConfiguration(config));
        Semaphore gate = fixture.holdTheWriter(a);
        device.refuseMessage = "bad"::equals;
        device.refuseErrno = 22;
        String[] events = numbered(40);
        events[25] = "bad";
        releaseAfterQueueing(a, gate, events);
        await().atMost(WAIT).until(() -> device.size() == 40);
        List<String> expected = new ArrayList<>(List.of(events));
        expected.remove("bad");
        assertEquals(expected, device.messages().subList(1, 40));
        assertEquals(List.of("bad"), errors.getEvents().stream()
                .map(e -> e.getMessage().getFormattedMessage()).toList());
        assertEquals(1, a.manager().counters().writeErrors);
        assertEquals(40, a.manager().counters().written);
        assertTrue(a.manager().connection().isConnected());
    }

    /** The module came back with a smaller max_batch: batches are split to fit, nothing is lost. */
    @Test
    void aBatchOverASmallerMaxBatchIsSplitAndLaterOnesFit() {
        KernelDeviceAppender a = fixture.appender(b -> b);
        Semaphore gate = fixture.holdTheWriter(a);
        device.maxBatch = 1024;
        releaseAfterQueueing(a, gate, numbered(100));
        await().atMost(WAIT).until(() -> device.size() == 101);
        assertEquals(List.of(numbered(100)), device.messages().subList(1, 101));
        assertEquals(0, a.manager().counters().writeErrors);
        assertEquals(1024, a.manager().connection().maxBatch());
    }
}
