package io.github.kernellogger.appender;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.core.KernelDeviceMetrics;
import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.RecordField;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.device.testing.KernelModule;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.test.appender.ListAppender;
import org.apache.logging.log4j.core.util.NetUtils;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/** The appender against the real /dev/logger, in the test VM. */
class AppenderKernelIT {
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final int THREADS = 8;
    private static final int EVENTS = 20_000;
    private static final Path WRITE_CALLS = Path.of("/sys/class/misc/logger/write_calls");
    private static final String BIG_RING = Ring.BIG;

    private static URI config(String name) throws Exception {
        return AppenderKernelIT.class.getResource("/" + name).toURI();
    }

    private static List<LogRecord> readAll() throws Exception {
        return Ring.readAll();
    }

    /** Starts THREADS producers that log EVENTS each through SLF4J; returns when all started. */
    private static List<Thread> produce(String prefix) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(THREADS);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                Logger log = LoggerFactory.getLogger("app.Producer");
                started.countDown();
                for (int n = 0; n < EVENTS; n++) {
                    if (n % 100 == 0) {
                        log.warn("{}", n);
                    } else {
                        log.info("{}", n);
                    }
                }
            }, prefix + t);
            threads.add(thread);
            thread.start();
        }
        started.await();
        return threads;
    }

    private static void join(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(WAIT.toMillis());
            assertFalse(t.isAlive(), t.getName() + " did not finish");
        }
    }

    private static long writeCalls() throws Exception {
        return Long.parseLong(Files.readString(WRITE_CALLS).trim());
    }

    /** Bytes of fields and message: the payload, as the device counts it. */
    private static long payloadBytes(LogRecord r) {
        long n = r.payload().length;
        for (RecordField f : r.fields()) {
            n += 4 + f.key().length() + f.value().length;
        }
        return n;
    }

    /**
     * Checks that each producer's events arrived once each, in order, at the right level, each
     * naming its logger and thread in fields.
     */
    private static void assertEveryEventOnceInOrder(List<LogRecord> records, String prefix) {
        Map<String, Integer> next = new HashMap<>();
        long pid = ProcessHandle.current().pid();
        for (LogRecord r : records) {
            String[] parts = r.message().split("\\|", 2);
            if (!parts[0].startsWith(prefix)) {
                continue;
            }
            int n = Integer.parseInt(parts[1]);
            assertEquals(next.getOrDefault(parts[0], 0), n, parts[0] + " out of order or lost");
            next.put(parts[0], n + 1);
            assertEquals(n % 100 == 0 ? SyslogLevel.WARNING : SyslogLevel.INFO, r.level());
            assertEquals(pid, r.pid());
            assertTrue(r.framed());
            assertEquals("app.Producer", r.field("TAG").orElseThrow());
            assertEquals(parts[0], r.field("THREAD").orElseThrow());
            // Before the kernel's own stamp: the event's time, not the write's.
            assertTrue(r.sourceTimestampNanos() > 0 && r.sourceTimestampNanos() <= r.timestampNanos(),
                    r.toString());
        }
        assertEquals(THREADS, next.size());
        next.forEach((thread, count) -> assertEquals(EVENTS, count, thread));
    }

    @Test
    void eightThreadsOfSlf4jEventsArriveOnceEachInOrder() throws Exception {
        KernelModule.reload(BIG_RING);
        LoggerContext ctx = Configurator.initialize("kernel-it", config("log4j2-kernel.xml").toString());
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null,
                ManagementFactory.getPlatformMBeanServer());
        server.start();
        try (JMXConnector client = JMXConnectorFactory.connect(server.getAddress())) {
            long callsBefore = writeCalls();
            join(produce("producer-"));
            MBeanServerConnection jmx = client.getMBeanServerConnection();
            ObjectName name = KernelDeviceMetrics.objectName(ctx.getName(), "/dev/logger");
            long total = (long) THREADS * EVENTS;
            await().atMost(WAIT).until(() -> (long) jmx.getAttribute(name, "EventsWritten") == total);

            List<LogRecord> records = readAll();
            assertEveryEventOnceInOrder(records, "producer-");
            // The counters agree with what the device holds.
            assertEquals(total, records.size());
            assertEquals(total, jmx.getAttribute(name, "EventsEnqueued"));
            assertEquals(0L, jmx.getAttribute(name, "EventsDiscarded"));
            assertEquals(total, jmx.getAttribute(name, "DeviceRecordsWritten"));
            assertEquals(0L, jmx.getAttribute(name, "DeviceRecordsDropped"));
            long payloadBytes = records.stream().mapToLong(AppenderKernelIT::payloadBytes).sum();
            assertEquals(payloadBytes, jmx.getAttribute(name, "BytesWritten"));
            assertEquals(true, jmx.getAttribute(name, "DeviceConnected"));
            // One framed write per batch: far fewer system calls than records.
            long calls = writeCalls() - callsBefore;
            assertTrue(calls * 10 <= total, calls + " write calls for " + total + " records");
        } finally {
            server.stop();
            Configurator.shutdown(ctx);
        }
    }

    /**
     * Writes are plain system calls: interrupting the drain thread (as a container's shutdown of
     * every thread might) never closes the device, fails a write or sends an event elsewhere.
     */
    @Test
    void interruptingTheDrainThreadLosesNothing() throws Exception {
        KernelModule.reload(BIG_RING);
        LoggerContext ctx = Configurator.initialize("interrupts", config("log4j2-kernel.xml").toString());
        try {
            KernelDeviceAppender appender = ctx.getConfiguration().getAppender("kernel");
            Thread drainThread = appender.manager().drainThread();
            Thread interrupter = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    drainThread.interrupt();
                    Thread.onSpinWait();
                }
            });
            interrupter.start();
            try {
                Logger log = LoggerFactory.getLogger("app.Interrupted");
                for (int n = 0; n < EVENTS; n++) {
                    log.info("{}", n);
                }
                await().atMost(WAIT).until(() -> appender.manager().counters().written
                        + appender.manager().counters().writeErrors
                        + appender.manager().counters().toErrorRef.sum() >= EVENTS);
            } finally {
                interrupter.interrupt();
                interrupter.join();
            }
            assertEquals(0, appender.manager().counters().writeErrors);
            assertEquals(0, appender.manager().counters().toErrorRef.sum());
            assertTrue(appender.manager().connection().isConnected());
            List<String> messages = readAll().stream().map(LogRecord::message).toList();
            String thread = Thread.currentThread().getName();
            for (int n = 0; n < EVENTS; n++) {
                assertEquals(thread + "|" + n, messages.get(n));
            }
            assertEquals(EVENTS, messages.size());
        } finally {
            Configurator.shutdown(ctx);
        }
    }

    @Test
    void theModuleLoadedAfterTheAppenderStartedIsPickedUp() throws Exception {
        KernelModule.unload();
        LoggerContext ctx = Configurator.initialize("late-module", config("log4j2-kernel.xml").toString());
        try {
            KernelDeviceAppender appender = ctx.getConfiguration().getAppender("kernel");
            ListAppender errors = ctx.getConfiguration().getAppender("errors");
            assertTrue(appender.isStarted());
            Logger log = LoggerFactory.getLogger("app.Late");
            for (int i = 0; i < 10; i++) {
                log.info("before {}", i);
            }
            await().atMost(WAIT).until(() -> errors.getEvents().size() == 10);

            KernelModule.load(BIG_RING);
            await().atMost(WAIT).until(() -> appender.manager().connection().isConnected());
            for (int i = 0; i < 10; i++) {
                log.info("after {}", i);
            }
            await().atMost(WAIT).until(() -> appender.manager().counters().written == 10);
            List<String> messages = readAll().stream().map(LogRecord::message).toList();
            assertEquals(10, messages.size());
            assertEquals(Thread.currentThread().getName() + "|after 0", messages.get(0));
            assertEquals(10, appender.manager().counters().toErrorRef.sum());
            assertEquals(0, appender.manager().counters().lost);
        } finally {
            Configurator.shutdown(ctx);
        }
    }

    @Test
    void reconfiguringInTheMiddleOfARunLosesNothing() throws Exception {
        KernelModule.reload(BIG_RING);
        LoggerContext ctx = Configurator.initialize("reconfig-it", config("log4j2-kernel.xml").toString());
        try {
            List<Thread> producers = produce("reconfig-");
            for (int i = 0; i < 4; i++) {
                ctx.setConfigLocation(config(i % 2 == 0 ? "log4j2-kernel-b.xml" : "log4j2-kernel.xml"));
            }
            join(producers);
        } finally {
            // Stopping drains the queue: everything is on the device after this.
            Configurator.shutdown(ctx);
        }
        assertEveryEventOnceInOrder(readAll(), "reconfig-");
    }

    /** Every field with its key and value, read back from the kernel's ring. */
    @Test
    void everyFieldArrivesWithItsKeyAndValue() throws Exception {
        KernelModule.reload(BIG_RING);
        LoggerContext ctx = Configurator.initialize("fields-it", config("log4j2-kernel-fields.xml").toString());
        List<LogEvent> logged;
        try {
            Logger log = LoggerFactory.getLogger("app.Checkout");
            MDC.put("request id", "r-17");
            MDC.put("_private", "p");
            log.info("paid");
            MDC.clear();
            log.atWarn().addKeyValue("order", 4711).addMarker(MarkerFactory.getMarker("AUDIT"))
                    .setCause(new IllegalStateException("card declined")).log("refunded");
            LoggerFactory.getLogger("plain").info("no fields");
            ListAppender events = ctx.getConfiguration().getAppender("events");
            logged = List.copyOf(events.getEvents());
        } finally {
            Configurator.shutdown(ctx); // writes what is queued
        }
        List<LogRecord> records = readAll();
        assertEquals(3, records.size(), records.toString());
        Thread me = Thread.currentThread();
        List<RecordField> common = List.of(RecordField.of("SERVICE", "payments"),
                RecordField.of("HOST", NetUtils.getLocalHostname()), RecordField.of("TAG", "app.Checkout"),
                RecordField.of("THREAD", me.getName()), RecordField.of("THREAD_ID", Long.toString(me.getId())));

        LogRecord paid = records.get(0);
        assertEquals("paid", paid.message(), "the default layout is the message");
        assertEquals(SyslogLevel.INFO, paid.level());
        List<RecordField> expected = new ArrayList<>(common);
        expected.addAll(List.of(RecordField.of("x_private", "p"), RecordField.of("request_id", "r-17")));
        assertEquals(expected, paid.fields());
        assertEquals(EventEncoder.nanos(logged.get(0).getInstant()), paid.sourceTimestampNanos());

        LogRecord refunded = records.get(1);
        assertTrue(refunded.message().startsWith("refunded" + System.lineSeparator()
                + "java.lang.IllegalStateException: card declined"), refunded.message());
        expected = new ArrayList<>(common);
        expected.addAll(List.of(RecordField.of("order", "4711"), RecordField.of("MARKER", "AUDIT")));
        assertEquals(expected, refunded.fields());
        assertEquals(EventEncoder.nanos(logged.get(1).getInstant()), refunded.sourceTimestampNanos());

        LogRecord plain = records.get(2);
        assertEquals("no fields", plain.message());
        assertEquals(List.of(), plain.fields());
        assertEquals(0, plain.sourceTimestampNanos());
    }
}
