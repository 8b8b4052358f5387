package io.github.kernellogger.appender;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kernellogger.core.FakeDevice;
import java.util.List;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.test.appender.ListAppender;
import org.apache.logging.log4j.core.test.junit.LoggerContextSource;
import org.apache.logging.log4j.core.test.junit.Named;
import org.junit.jupiter.api.Test;

/**
 * With {@code ignoreExceptions="false"}, an event the appender cannot deliver is an exception, so
 * that Log4j's own {@code <Failover>} sends it to its secondary appenders.
 */
@LoggerContextSource("log4j2-failover.xml")
class FailoverTest {
    @Test
    void eventsTheDeviceCannotTakeGoToTheSecondaryAppender(LoggerContext ctx,
            @Named("secondary") ListAppender secondary) {
        ctx.getLogger("app.Orders").info("order 7 shipped");
        List<LogEvent> events = secondary.getEvents();
        assertEquals(1, events.size());
        assertEquals("order 7 shipped", events.get(0).getMessage().getFormattedMessage());
        assertEquals("app.Orders", events.get(0).getLoggerName());
        assertEquals(0, FakeDevice.named("failover").size());
    }
}
