package io.github.kernellogger.logback;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.github.kernellogger.core.KernelDeviceMetrics;
import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.LoggerDevice;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.device.testing.KernelModule;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/**
 * The Logback appender against the real /dev/logger, in the test VM, with real Logback: every
 * field, 8 threads of events arriving once each and in order in far fewer writes than events,
 * an error surviving SIGKILL with its thread's earlier events, the module loaded after the
 * appender started, and the JMX counters.
 */
class LogbackKernelIT {
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final String BIG_RING = "buffer_size=67108864";
    private static final Path WRITE_CALLS = Path.of("/sys/class/misc/logger/write_calls");
    private static final int THREADS = 8;
    private static final int EVENTS = 20_000;
    /** How a JVM that SIGKILL ended exits, as Process reports it: 128 + 9. */
    private static final int KILLED = 137;

    private static LoggerContext configure(String resource) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setName("kernel-it-" + UUID.randomUUID());
        context.setMDCAdapter(MDC.getMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogbackKernelIT.class.getResource("/" + resource));
        return context;
    }

    private static KernelDeviceAppender appender(LoggerContext context) {
        return (KernelDeviceAppender) context.getLogger("ROOT").getAppender("KERNEL");
    }

    private static List<LogRecord> readAll() throws Exception {
        List<LogRecord> out = new ArrayList<>();
        try (LoggerDevice r = LoggerDevice.open(KernelModule.DEVICE, LoggerDevice.Mode.READ, true)) {
            while (r.readRecords(out::add) > 0) {
                // until nothing is left
            }
        }
        return out;
    }

    private static long writeCalls() throws Exception {
        return Long.parseLong(Files.readString(WRITE_CALLS).trim());
    }

    @Test
    void everyFieldOnTheRealDevice() throws Exception {
        KernelModule.reload(BIG_RING);
        LoggerContext context = configure("logback-kernel-it.xml");
        try {
            Logger log = context.getLogger("app.Fields");
            MDC.put("request id", "r-1");
            MDC.put("ünïcode", "v");
            long before = System.currentTimeMillis() * 1_000_000L;
            try {
                log.atWarn().addMarker(MarkerFactory.getMarker("AUDIT"))
                        .addMarker(MarkerFactory.getMarker("PCI")).addKeyValue("order", 42)
                        .log("paid {}", "in full");
            } finally {
                MDC.clear();
            }
            log.error("failed", new IllegalStateException("boom"));
            KernelDeviceAppender a = appender(context);
            await().atMost(WAIT).until(() -> a.pipeline().counters().written == 2);
            List<LogRecord> records = readAll();
            assertEquals(2, records.size());
            LogRecord r = records.get(0);
            assertEquals("paid in full", r.message());
            assertEquals(SyslogLevel.WARNING, r.level());
            assertEquals("payments", r.field("SERVICE").orElseThrow());
            assertEquals("billing", r.field("TEAM").orElseThrow());
            assertEquals("app.Fields", r.field("TAG").orElseThrow());
            assertEquals(Thread.currentThread().getName(), r.field("THREAD").orElseThrow());
            assertEquals(Long.toString(Thread.currentThread().getId()), r.field("THREAD_ID").orElseThrow());
            assertEquals("r-1", r.field("request_id").orElseThrow());
            assertEquals("42", r.field("order").orElseThrow());
            assertEquals("AUDIT,PCI", r.field("MARKER").orElseThrow());
            assertEquals("KernelDevice", r.comm(), "the drain thread wrote it");
            // The event's own time, taken before the kernel's stamp.
            assertTrue(r.sourceTimestampNanos() >= before - 1_000_000
                    && r.sourceTimestampNanos() <= r.timestampNanos(), r.toString());
            LogRecord error = records.get(1);
            assertEquals(SyslogLevel.ERR, error.level());
            assertTrue(error.message().startsWith("failed\njava.lang.IllegalStateException: boom\n\tat "),
                    error.message());
        } finally {
            context.stop();
        }
    }

    @Test
    void eightThreadsArriveOnceEachInOrderInFewWrites() throws Exception {
        KernelModule.reload(BIG_RING);
        LoggerContext context = configure("logback-kernel-it.xml");
        try {
            long callsBefore = writeCalls();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Logger log = context.getLogger("app.Producer");
                threads.add(new Thread(() -> {
                    for (int n = 0; n < EVENTS; n++) {
                        log.info("{}", n);
                    }
                }, "producer-" + t));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            long total = (long) THREADS * EVENTS;
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = KernelDeviceMetrics.objectName(context.getName(), "/dev/logger");
            await().atMost(WAIT).until(() -> (long) jmx.getAttribute(name, "EventsWritten") == total);

            Map<String, Integer> next = new HashMap<>();
            List<LogRecord> records = readAll();
            for (LogRecord r : records) {
                String thread = r.field("THREAD").orElseThrow();
                int expected = next.getOrDefault(thread, 0);
                assertEquals(Integer.toString(expected), r.message(), thread);
                next.put(thread, expected + 1);
            }
            assertEquals(THREADS, next.size());
            next.forEach((thread, count) -> assertEquals(EVENTS, count, thread));
            assertEquals(total, records.size());
            assertEquals(total, jmx.getAttribute(name, "EventsEnqueued"));
            assertEquals(0L, jmx.getAttribute(name, "EventsDiscarded"));
            assertEquals(0L, jmx.getAttribute(name, "EventsLost"));
            assertEquals(total, jmx.getAttribute(name, "DeviceRecordsWritten"));
            assertEquals(true, jmx.getAttribute(name, "DeviceConnected"));
            long calls = writeCalls() - callsBefore;
            assertTrue(calls * 10 <= total, calls + " write calls for " + total + " records");
        } finally {
            context.stop();
        }
    }

    @Test
    void anErrorSurvivesSigkillWithItsThreadsEarlierEvents() throws Exception {
        KernelModule.reload(BIG_RING);
        int events = 5_000;
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Djna.tmpdir=/tmp", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=logback-kill9.xml", KillNineApp.class.getName(),
                Integer.toString(events))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the application did not end");
        assertEquals(KILLED, p.exitValue(), out);
        List<String> burst = readAll().stream().map(LogRecord::message)
                .filter(m -> m.startsWith("burst|")).toList();
        assertEquals(events + 1, burst.size(), "every event of the thread, the error last");
        for (int n = 0; n <= events; n++) {
            assertEquals("burst|" + n, burst.get(n));
        }
    }

    @Test
    void theModuleLoadedAfterTheAppenderStartedIsPickedUp() throws Exception {
        KernelModule.unload();
        LoggerContext context = configure("logback-kernel-it.xml");
        try {
            KernelDeviceAppender a = appender(context);
            assertTrue(a.isStarted(), "the application starts without the device");
            Logger log = context.getLogger("app.Late");
            for (int i = 0; i < 10; i++) {
                log.info("before {}", i);
            }
            await().atMost(WAIT).until(() -> a.pipeline().counters().lost == 10);
            KernelModule.load(BIG_RING);
            await().atMost(WAIT).until(() -> a.pipeline().connection().isConnected());
            for (int i = 0; i < 10; i++) {
                log.info("after {}", i);
            }
            await().atMost(WAIT).until(() -> a.pipeline().counters().written == 10);
            List<String> messages = readAll().stream().map(LogRecord::message).toList();
            assertEquals(10, messages.size());
            assertEquals("after 0", messages.get(0));
        } finally {
            context.stop();
        }
    }
}
