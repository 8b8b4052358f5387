package io.github.kernellogger.appender;

import static io.github.kernellogger.appender.TestAppenders.event;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.core.FakeDevice;
import io.github.kernellogger.core.KernelDeviceMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

/** The counters as a monitoring tool sees them: through a real JMX connector. */
class JmxTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private static Set<ObjectName> mbeansOf(String device) throws Exception {
        return SERVER.queryNames(new ObjectName("io.github.kernellogger:type=KernelDevice,name="
                + ObjectName.quote(device) + ",*"), null);
    }

    private static LoggerContext context(String name) throws Exception {
        LoggerContext ctx = new LoggerContext(name, null, JmxTest.class.getResource("/log4j2-jmx.xml").toURI());
        ctx.start();
        return ctx;
    }

    /** Two web applications in one JVM, each with its LoggerContext, writing to one device. */
    @Test
    void eachLoggerContextHasAnMBeanOfItsOwn() throws Exception {
        LoggerContext one = context("webapp-one");
        LoggerContext two = context("webapp-two");
        try {
            Set<ObjectName> names = mbeansOf("/test/jmx-contexts");
            assertEquals(Set.of(
                    new ObjectName("io.github.kernellogger:type=KernelDevice,context=\"webapp-one\",name=\"/test/jmx-contexts\""),
                    new ObjectName("io.github.kernellogger:type=KernelDevice,context=\"webapp-two\",name=\"/test/jmx-contexts\"")),
                    names);
            one.stop();
            assertEquals(1, mbeansOf("/test/jmx-contexts").size(), "the other's stop left it alone");
            assertArrayEquals(new String[] {"kernel"}, (String[]) SERVER.getAttribute(
                    mbeansOf("/test/jmx-contexts").iterator().next(), "Appenders"));
        } finally {
            one.stop();
            two.stop();
        }
        assertEquals(Set.of(), mbeansOf("/test/jmx-contexts"));
    }

    /** Reconfiguring: the new appender is listed, though the old one stops after it started. */
    @Test
    void theAppendersAttributeSurvivesAReconfiguration() throws Exception {
        LoggerContext ctx = context("reconfigured");
        try {
            ctx.reconfigure();
            ctx.reconfigure();
            ObjectName name = mbeansOf("/test/jmx-contexts").iterator().next();
            assertArrayEquals(new String[] {"kernel"}, (String[]) SERVER.getAttribute(name, "Appenders"));
        } finally {
            ctx.stop();
        }
    }

    @Test
    void jmxFalseRegistersNothing() throws Exception {
        LoggerContext ctx = context("quiet");
        try {
            assertTrue(ctx.getConfiguration().getAppender("quiet").isStarted());
            assertEquals(Set.of(), mbeansOf("/test/jmx-off"));
        } finally {
            ctx.stop();
        }
    }

    @Test
    void countersAreReadableOverAJmxConnector() throws Exception {
        FakeDevice device = new FakeDevice();
        device.maxPayload = 40;
        // No fields: with a max_payload of 40 they would not fit, and count as truncated too.
        KernelDeviceAppender a = TestAppenders.started(device, b -> b.setQueueSize(100)
                .setDevice("/test/jmx").setFields(false));
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null,
                ManagementFactory.getPlatformMBeanServer());
        server.start();
        // An appender built without a configuration has no LoggerContext to name.
        ObjectName name = new ObjectName("io.github.kernellogger:type=KernelDevice,context=\"\",name=\"/test/jmx\"");
        try (JMXConnector client = JMXConnectorFactory.connect(server.getAddress())) {
            MBeanServerConnection jmx = client.getMBeanServerConnection();
            a.append(event(Level.INFO, "one"));
            a.append(event(Level.INFO, "two"));
            a.append(event(Level.INFO, "x".repeat(100)));
            await().atMost(Duration.ofSeconds(20)).until(() -> device.size() == 3);

            assertEquals("/test/jmx", jmx.getAttribute(name, "Device"));
            assertArrayEquals(new String[] {"kernel"}, (String[]) jmx.getAttribute(name, "Appenders"));
            assertEquals(100, jmx.getAttribute(name, "QueueCapacity"));
            assertEquals(0, jmx.getAttribute(name, "QueueSize"));
            assertEquals(3L, jmx.getAttribute(name, "EventsEnqueued"));
            assertEquals(3L, jmx.getAttribute(name, "EventsWritten"));
            assertEquals(0L, jmx.getAttribute(name, "EventsDiscarded"));
            assertEquals(1L, jmx.getAttribute(name, "EventsTruncated"));
            assertEquals(3L + 3 + 40, jmx.getAttribute(name, "BytesWritten"));
            assertEquals(0L, jmx.getAttribute(name, "WriteErrors"));
            assertEquals(true, jmx.getAttribute(name, "DeviceConnected"));
            assertEquals(3L, jmx.getAttribute(name, "DeviceRecordsWritten"));
            // INFO events, none written through; the first woke the idle drain thread.
            assertEquals(0L, jmx.getAttribute(name, "EventsSynced"));
            assertEquals(0L, jmx.getAttribute(name, "SyncWrites"));
            long wakes = (long) jmx.getAttribute(name, "DrainWakes");
            assertTrue(wakes >= 1 && wakes <= 3, wakes + " wakes");
            assertEquals(40L, jmx.getAttribute(name, "DeviceMaxPayload"));

            KernelDeviceMXBean proxy = JMX.newMXBeanProxy(jmx, name, KernelDeviceMXBean.class);
            assertEquals(3L, proxy.getEventsWritten());
        } finally {
            a.stop(10, TimeUnit.SECONDS);
            server.stop();
        }
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(name));
    }
}
