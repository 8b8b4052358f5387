package io.github.kernellogger.logback;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import io.github.kernellogger.core.FakeDevice;
import io.github.kernellogger.core.KernelDeviceMetrics;
import io.github.kernellogger.core.Threads;
import java.lang.management.ManagementFactory;
import java.util.UUID;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The appender as Logback's Joran configures it from XML, as an application's logback.xml. */
class XmlConfigurationTest {
    private final LoggerContext context = new LoggerContext();

    private void configure(String resource) throws JoranException {
        context.setName("xml-" + UUID.randomUUID());
        context.setMDCAdapter(MDC.getMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/" + resource));
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void everySettingAndRepeatedFieldsWithASubstitution() throws Exception {
        configure("logback-kernel-xml.xml");
        KernelDeviceAppender a = (KernelDeviceAppender) context.getLogger("ROOT").getAppender("KERNEL");
        assertTrue(a.isStarted(), context.getStatusManager().getCopyOfStatusList().toString());
        assertEquals(64, a.getQueueSize());
        assertTrue(a.isNeverBlock());
        assertEquals(2000, a.getMaxFlushTime());
        assertEquals(0, a.getDiscardingThreshold());
        context.getLogger("app.Xml").warn("configured");
        FakeDevice device = FakeDevice.named("xml");
        // syncLevel WARN: written when the call returned.
        FakeDevice.Stored r = device.stored().get(device.size() - 1);
        assertEquals("WARN configured", r.record().message());
        assertEquals("payments", r.field("SERVICE"));
        assertEquals("eu-west-1", r.field("REGION"));
        assertEquals("app.Xml", r.field("TAG"));

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = KernelDeviceMetrics.objectName(context.getName(), "/dev/logger-xml");
        assertEquals(1L, server.getAttribute(name, "EventsWritten"));
        assertEquals(1L, server.getAttribute(name, "EventsSynced"));
        assertEquals(64, server.getAttribute(name, "QueueCapacity"));
        context.stop();
        assertTrue(!server.isRegistered(name), "unregistered when the context stops");
    }

    @Test
    void aMissingDeviceNeverKeepsTheApplicationFromStarting() throws Exception {
        configure("logback-kernel-missing.xml");
        KernelDeviceAppender a = (KernelDeviceAppender) context.getLogger("ROOT").getAppender("KERNEL");
        assertTrue(a.isStarted());
        context.getLogger("app").info("logged all the same");
        assertTrue(context.getStatusManager().getCopyOfStatusList().stream()
                .anyMatch(s -> s.getLevel() == Status.WARN
                        && s.getMessage().contains("/nonexistent/logger: cannot open the device")),
                context.getStatusManager().getCopyOfStatusList().toString());
        await().atMost(Threads.WAIT).until(() -> a.pipeline().counters().lost == 1);
    }
}
