package io.github.kernellogger.appender;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.test.appender.ListAppender;
import org.apache.logging.log4j.test.ListStatusListener;
import org.apache.logging.log4j.test.junit.UsingStatusListener;
import org.junit.jupiter.api.Test;

/** The appender configured from XML, as applications do, with the real device binding. */
@UsingStatusListener
class XmlConfigurationTest {

    @Test
    void theAppenderIsFoundWithoutPackagesAndAMissingDeviceFallsBack(ListStatusListener status) {
        LoggerContext ctx = Configurator.initialize("missing-device",
                "classpath:log4j2-missing-device.xml");
        try {
            assertTrue(ctx.getConfiguration().getAppender("kernel") instanceof KernelDeviceAppender);
            ListAppender errors = ctx.getConfiguration().getAppender("errors");
            ctx.getLogger("app.Main").info("hello");
            ctx.getLogger("app.Main").error("it broke");
            await().atMost(Duration.ofSeconds(20)).until(() -> errors.getEvents().size() == 2);
            List<LogEvent> events = errors.getEvents();
            // Never queued, as the device was known to be missing: they arrive as themselves.
            assertEquals("hello", events.get(0).getMessage().getFormattedMessage());
            assertEquals("app.Main", events.get(0).getLoggerName());
            assertEquals(Level.ERROR, events.get(1).getLevel());
            // The appender started anyway, and said once why it cannot write.
            assertTrue(ctx.getConfiguration().getAppender("kernel").isStarted());
            assertEquals(1, status.findStatusData(Level.ERROR).filter(d -> d.getMessage()
                    .getFormattedMessage().contains("ENOENT: /nonexistent/logger does not exist; "
                            + "is the logger module loaded?")).count());
        } finally {
            Configurator.shutdown(ctx);
        }
        assertFalse(KernelDeviceManager.hasManager(KernelDeviceManager.managerName(ctx.getName(),
                java.nio.file.Path.of("/nonexistent/logger"))));
    }
}
