package io.github.kernellogger.appender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.core.FakeDevice;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.ObjectName;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;

/**
 * Log4j starts a new configuration before it stops the old one; the appender hands its queue
 * over, so reconfiguring in the middle of a run loses nothing, and leaves no thread, file or
 * MBean behind.
 */
class ReconfigurationTest {
    private static final int PRODUCERS = 4;
    private static final int EVENTS = 5_000;

    private static URI config(String name) throws Exception {
        return ReconfigurationTest.class.getResource("/" + name).toURI();
    }

    private static long drainThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("KernelDevice")).count();
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static int mbeans() throws Exception {
        return ManagementFactory.getPlatformMBeanServer().queryNames(
                new ObjectName("io.github.kernellogger:type=KernelDevice,*"), null).size();
    }

    @Test
    void reconfiguringMidRunLosesNothingAndLeaksNothing() throws Exception {
        long threadsBefore = drainThreads();
        long filesBefore = openFiles();
        int mbeansBefore = mbeans();
        FakeDevice device = FakeDevice.named("reconfig");
        LoggerContext ctx = Configurator.initialize("reconfig", config("log4j2-reconfig-a.xml").toString());
        CountDownLatch started = new CountDownLatch(PRODUCERS);
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                Logger log = ctx.getLogger("producer");
                started.countDown();
                for (int n = 0; n < EVENTS; n++) {
                    log.info("p={} n={}", id, n);
                }
            });
            producers.add(t);
            t.start();
        }
        started.await();
        for (int i = 0; i < 6; i++) {
            ctx.setConfigLocation(config(i % 2 == 0 ? "log4j2-reconfig-b.xml" : "log4j2-reconfig-a.xml"));
        }
        for (Thread t : producers) {
            t.join(TimeUnit.MINUTES.toMillis(2));
            assertFalse(t.isAlive());
        }
        Configurator.shutdown(ctx);

        // Every event exactly once, in each producer's order, whichever layout wrote it.
        Pattern line = Pattern.compile("[AB] p=(\\d+) n=(\\d+)");
        int[] next = new int[PRODUCERS];
        for (String message : device.messages()) {
            Matcher m = line.matcher(message);
            assertTrue(m.matches(), message);
            int id = Integer.parseInt(m.group(1));
            assertEquals(next[id], Integer.parseInt(m.group(2)), "producer " + id);
            next[id]++;
        }
        for (int p = 0; p < PRODUCERS; p++) {
            assertEquals(EVENTS, next[p], "events of producer " + p);
        }
        assertTrue(device.messages().stream().anyMatch(m -> m.startsWith("B ")));
        assertEquals(1, device.opens.get(), "one manager, one device, across every configuration");
        assertEquals(0, device.openNow.get());
        assertEquals(threadsBefore, drainThreads());
        assertEquals(filesBefore, openFiles());
        assertEquals(mbeansBefore, mbeans());
    }
}
