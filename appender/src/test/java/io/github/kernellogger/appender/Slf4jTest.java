package io.github.kernellogger.appender;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.core.FakeDevice.Record;
import io.github.kernellogger.core.FakeDevice;
import io.github.kernellogger.device.SyslogLevel;
import java.time.Duration;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MarkerFactory;

/** Applications that log through SLF4J (log4j-slf4j2-impl) reach the appender unchanged. */
class Slf4jTest {

    @Test
    void parametersMarkersAndExceptionsArriveWhole() throws Exception {
        FakeDevice device = FakeDevice.named("slf4j");
        LoggerContext ctx = Configurator.initialize("slf4j", "classpath:log4j2-slf4j.xml");
        try {
            Logger log = LoggerFactory.getLogger("app.Checkout");
            log.info("user {} paid {} EUR", "alice", 42);
            log.warn(MarkerFactory.getMarker("AUDIT"), "refund for order {}", 7);
            log.error("payment failed", new IllegalStateException("card declined"));
            log.trace("a trace");
            await().atMost(Duration.ofSeconds(20)).until(() -> device.size() == 4);
        } finally {
            Configurator.shutdown(ctx);
        }
        String thread = Thread.currentThread().getName();
        assertEquals(new Record(SyslogLevel.INFO, "|INFO|[" + thread
                + "] app.Checkout - user alice paid 42 EUR"), device.records().get(0));
        assertEquals(new Record(SyslogLevel.WARNING, "AUDIT|WARN|[" + thread
                + "] app.Checkout - refund for order 7"), device.records().get(1));
        Record error = device.records().get(2);
        assertEquals(SyslogLevel.ERR, error.level());
        // The stack trace stays in the one record, lines and all.
        assertTrue(error.message().startsWith("|ERROR|[" + thread + "] app.Checkout - payment failed"
                + System.lineSeparator() + "java.lang.IllegalStateException: card declined"),
                error.message());
        assertTrue(error.message().contains("\tat io.github.kernellogger.appender.Slf4jTest."
                + "parametersMarkersAndExceptionsArriveWhole(Slf4jTest.java:"), error.message());
        assertEquals(SyslogLevel.DEBUG, device.records().get(3).level());
    }
}
