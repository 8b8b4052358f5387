package io.github.kernellogger.appender;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.device.testing.KernelModule;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;

/**
 * syncLevel against the real /dev/logger, in the test VM: an error survives its process being
 * killed the next instant, with every earlier event of its thread; without syncLevel, what was
 * still queued is lost, and nothing is reordered either way; errors of many threads written
 * through, each once, in order; an event after an idle spell arrives without a wait of the drain
 * thread's.
 */
class SyncLevelKernelIT {
    private static final Duration WAIT = Duration.ofMinutes(5);
    private static final int FLOOD_THREADS = 3;
    /** Events the flood threads log before the bursts begin: the pipeline is warm. */
    private static final int WARM_UP = 20_000;
    private static final int BURSTS = 20;
    private static final int BURST_SIZE = 50;
    /** The burst thread's events: BURSTS * BURST_SIZE of INFO, then its ERROR. */
    private static final int BURST_EVENTS = BURSTS * BURST_SIZE + 1;
    /** How a JVM that SIGKILL ended exits, as Process reports it: 128 + 9. */
    private static final int KILLED = 137;

    /** What a run of KillNineApp left in the ring: each thread's event numbers, in ring order. */
    private record Run(int exit, Map<String, List<Long>> events, LogRecord lastOfBurst) {}

    /** Runs {@link KillNineApp} in a JVM of its own until it kills itself, and reads the ring. */
    private static Run killNine(String syncLevel, Path dir) throws Exception {
        KernelModule.reload(Ring.BIG);
        String java = ProcessHandle.current().info().command().orElse("java");
        Path output = dir.resolve("kill9-" + syncLevel + ".out");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Djna.tmpdir=/tmp", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=log4j2-kill9.xml",
                "-Dkernellogger.syncLevel=" + syncLevel, KillNineApp.class.getName(),
                Integer.toString(FLOOD_THREADS), Integer.toString(WARM_UP), Integer.toString(BURSTS),
                Integer.toString(BURST_SIZE))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the application did not end");
        Map<String, List<Long>> events = new LinkedHashMap<>();
        LogRecord last = null;
        for (LogRecord r : Ring.readAll()) {
            String[] parts = r.message().split("\\|", 2);
            if (parts.length == 2 && (parts[0].equals("burst") || parts[0].startsWith("flood-"))) {
                events.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Long.parseLong(parts[1]));
                if (parts[0].equals("burst")) {
                    last = r;
                }
            }
        }
        if (p.exitValue() != KILLED) {
            System.out.println(Files.readString(output));
        }
        return new Run(p.exitValue(), events, last);
    }

    /** Each thread's events are 0, 1, 2 ... with none missing before the last, none twice. */
    private static void assertEachThreadAGapFreePrefix(Run run) {
        run.events().forEach((thread, numbers) -> {
            for (int i = 0; i < numbers.size(); i++) {
                assertEquals(i, numbers.get(i), thread + ": out of order, lost within, or twice");
            }
        });
    }

    private static Path scratch() throws Exception {
        return Files.createTempDirectory(new File("/tmp").toPath(), "kill9");
    }

    /**
     * The application logs an ERROR and kills itself at once, while other threads flood: the
     * ERROR and every event its thread logged before it are in the ring, in order, run after run.
     */
    @Test
    void anErrorAndEverythingItsThreadLoggedBeforeSurviveKillNine() throws Exception {
        Path dir = scratch();
        for (int run = 1; run <= 3; run++) {
            Run r = killNine("ERROR", dir);
            assertEquals(KILLED, r.exit(), "run " + run + ": the application was not killed");
            assertEachThreadAGapFreePrefix(r);
            List<Long> burst = r.events().get("burst");
            assertEquals(BURST_EVENTS, burst == null ? 0 : burst.size(),
                    "run " + run + ": the burst thread's events in the ring");
            assertEquals(SyslogLevel.ERR, r.lastOfBurst().level());
            System.out.printf("syncLevel=ERROR, run %d: all %d events of the burst thread kept; "
                    + "flood threads kept %s events%n", run, BURST_EVENTS, floodCounts(r));
        }
    }

    /**
     * The same with syncLevel="OFF": the ERROR waits in the queue like any event, and whatever
     * the drain thread had not written when the process died is lost; nothing is reordered.
     */
    @Test
    void withSyncLevelOffWhatWasQueuedIsLostAndNothingIsReordered() throws Exception {
        Run r = killNine("OFF", scratch());
        assertEquals(KILLED, r.exit());
        assertEachThreadAGapFreePrefix(r);
        int kept = r.events().getOrDefault("burst", List.of()).size();
        System.out.printf("syncLevel=OFF: %d of the burst thread's last %d events lost, the "
                + "ERROR %s; flood threads kept %s events%n", BURST_EVENTS - kept, BURST_EVENTS,
                kept == BURST_EVENTS ? "kept" : "lost", floodCounts(r));
    }

    private static String floodCounts(Run r) {
        List<String> counts = new ArrayList<>();
        r.events().forEach((thread, numbers) -> {
            if (!thread.equals("burst")) {
                counts.add(Integer.toString(numbers.size()));
            }
        });
        return String.join(", ", counts);
    }

    private static URI config(String name) throws Exception {
        return SyncLevelKernelIT.class.getResource("/" + name).toURI();
    }

    /** Errors of 8 threads written through at once: each once, each thread's events in order. */
    @Test
    void errorsOfManyThreadsAreWrittenThroughOnceEachInOrder() throws Exception {
        KernelModule.reload(Ring.BIG);
        int threads = 8;
        int events = 2_000;
        LoggerContext ctx = Configurator.initialize("sync-it", config("log4j2-kernel.xml").toString());
        KernelDeviceAppender appender = ctx.getConfiguration().getAppender("kernel");
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> loggers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    Logger log = ctx.getLogger("app.Errors");
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    for (int n = 0; n < events; n++) {
                        if (n % 10 == 9) {
                            log.error("{}", n);
                        } else {
                            log.info("{}", n);
                        }
                    }
                }, "errors-" + t);
                loggers.add(thread);
                thread.start();
            }
            start.countDown();
            for (Thread t : loggers) {
                t.join(WAIT.toMillis());
                assertFalse(t.isAlive());
            }
            assertEquals(threads * events / 10, appender.manager().counters().synced.sum());
            System.out.printf("%d errors written through in %d writes by the logging threads%n",
                    threads * events / 10, appender.manager().counters().syncWrites);
        } finally {
            Configurator.shutdown(ctx);
        }
        Map<String, Integer> next = new LinkedHashMap<>();
        for (LogRecord r : Ring.readAll()) {
            String[] parts = r.message().split("\\|", 2);
            int n = Integer.parseInt(parts[1]);
            assertEquals(next.getOrDefault(parts[0], 0), n, parts[0] + " out of order or lost");
            next.put(parts[0], n + 1);
            assertEquals(n % 10 == 9 ? SyslogLevel.ERR : SyslogLevel.INFO, r.level());
        }
        assertEquals(threads, next.size());
        next.forEach((thread, count) -> assertEquals(events, count, thread));
    }

    /**
     * After an idle spell (nothing logged for longer than the linger), an event wakes the drain
     * thread: it arrives. The time from the event to its write, as the kernel stamped it, is
     * printed, not asserted: EventQueueTest shows the wake without a clock.
     */
    @Test
    void anEventAfterAnIdleSpellReachesTheDevice() throws Exception {
        KernelModule.reload(Ring.BIG);
        LoggerContext ctx = Configurator.initialize("idle-it", config("log4j2-kernel.xml").toString());
        try {
            KernelDeviceAppender appender = ctx.getConfiguration().getAppender("kernel");
            Logger log = ctx.getLogger("app.Idle");
            log.info("before the idle spell");
            await().atMost(WAIT).until(() -> appender.manager().counters().written == 1);
            Thread drain = appender.manager().drainThread();
            // Idle: the linger after that write found nothing, and the drain thread waits.
            await().atMost(WAIT).until(() -> drain.getState() == Thread.State.TIMED_WAITING);
            log.info("after the idle spell");
            await().atMost(WAIT).until(() -> appender.manager().counters().written == 2);
            List<LogRecord> records = Ring.readAll();
            LogRecord after = records.get(records.size() - 1);
            assertTrue(after.message().endsWith("after the idle spell"), after.message());
            System.out.printf("an event after an idle spell: %d µs from the event to its write "
                    + "(emulated time)%n", (after.timestampNanos() - after.sourceTimestampNanos()) / 1000);
        } finally {
            Configurator.shutdown(ctx);
        }
    }
}
