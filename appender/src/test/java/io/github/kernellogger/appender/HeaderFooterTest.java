package io.github.kernellogger.appender;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kernellogger.core.FakeDevice;
import java.time.Duration;
import java.util.List;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;

/**
 * A layout's header and footer are records: the header first, when the device's queue starts,
 * the footer last, when it stops. A reconfiguration, which hands the queue over, writes neither,
 * as Log4j's file appenders write them once per file.
 */
class HeaderFooterTest {

    @Test
    void theHeaderComesFirstAndTheFooterLast() {
        FakeDevice device = FakeDevice.named("header");
        LoggerContext ctx = Configurator.initialize("header", "classpath:log4j2-header.xml");
        try {
            ctx.getLogger("app").info("an event");
            ctx.reconfigure();
            ctx.getLogger("app").info("after a reconfiguration");
            await().atMost(Duration.ofSeconds(20)).until(() -> device.size() == 3);
        } finally {
            Configurator.shutdown(ctx);
        }
        assertEquals(List.of("start of the log", "an event", "after a reconfiguration", "end of the log"),
                device.messages());
    }
}
