package io.github.kernellogger.logback;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.kernellogger.core.FakeDevice;
import io.github.kernellogger.core.Threads;
import io.github.kernellogger.device.SyslogLevel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/** The record of a Logback event: the fields, levels and message the Log4j2 appender gives. */
class FieldsTest {
    @RegisterExtension
    final LogbackFixture fixture = new LogbackFixture();

    private FakeDevice.Stored only(int n) {
        await().atMost(Threads.WAIT).until(() -> fixture.device.size() >= n);
        return fixture.device.stored().get(n - 1);
    }

    @Test
    void aRecordCarriesTheStaticFieldsThenTheEventsOwn() {
        fixture.start(a -> {
            a.addField("SERVICE=payments");
            a.addField("REGION = eu-west=1");
        });
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(fixture.context);
        seen.start();
        Logger logger = fixture.logger("app.Payments");
        logger.addAppender(seen);
        MDC.put("request id", "r-1");
        MDC.put("user", "u-7");
        try {
            logger.atWarn().addMarker(MarkerFactory.getMarker("AUDIT"))
                    .addMarker(MarkerFactory.getMarker("PCI")).addKeyValue("order", 42)
                    .log("paid {}", "in full");
        } finally {
            MDC.clear();
        }
        FakeDevice.Stored r = only(1);
        assertEquals("paid in full", r.record().message());
        assertEquals(SyslogLevel.WARNING, r.record().level());
        assertEquals(List.of("SERVICE", "REGION", "TAG", "THREAD", "THREAD_ID"),
                r.fields().stream().map(f -> f.key()).toList().subList(0, 5));
        assertEquals("payments", r.field("SERVICE"));
        assertEquals("eu-west=1", r.field("REGION"));
        assertEquals("app.Payments", r.field("TAG"));
        assertEquals(Thread.currentThread().getName(), r.field("THREAD"));
        assertEquals(Long.toString(Thread.currentThread().getId()), r.field("THREAD_ID"));
        assertEquals("r-1", r.field("request_id"), "a key made valid as the Log4j2 appender makes it");
        assertEquals("u-7", r.field("user"));
        assertEquals("42", r.field("order"));
        assertEquals("AUDIT,PCI", r.field("MARKER"));
        ILoggingEvent event = seen.list.get(0);
        assertEquals(EventEncoder.nanos(event.getInstant()), r.sourceTimestampNanos(),
                "src_ts_ns is the event's own time");
    }

    @Test
    void levelsAreSyslogSeverities() {
        fixture.start(a -> a.setSyncLevel("OFF"));
        Logger logger = fixture.logger("app");
        logger.setLevel(ch.qos.logback.classic.Level.TRACE);
        logger.error("e");
        logger.warn("w");
        logger.info("i");
        logger.debug("d");
        logger.trace("t");
        only(5);
        assertEquals(List.of(SyslogLevel.ERR, SyslogLevel.WARNING, SyslogLevel.INFO,
                SyslogLevel.DEBUG, SyslogLevel.DEBUG),
                fixture.device.records().stream().map(FakeDevice.Record::level).toList());
    }

    @Test
    void theDefaultMessageIsTheMessageThenTheStackTraceOnLinesOfTheirOwn() {
        fixture.start(a -> {});
        fixture.logger("app").info("failed", new IllegalStateException("boom"));
        String message = only(1).record().message();
        assertTrue(message.startsWith("failed\njava.lang.IllegalStateException: boom\n\tat "), message);
        assertTrue(!message.endsWith("\n"), "no line break at the end");
    }

    @Test
    void withoutFieldsARecordIsTheMessageAlone() {
        fixture.start(a -> {
            a.setFields(false);
            a.addField("SERVICE=payments");
        });
        fixture.logger("app").info("plain");
        FakeDevice.Stored r = only(1);
        assertEquals("plain", r.record().message());
        assertEquals(List.of(), r.fields());
        assertEquals(0, r.sourceTimestampNanos());
    }

    @Test
    void aBadFieldIsAWarningAndLeftOut() {
        fixture.start(a -> {
            a.addField("_HIDDEN=1");
            a.addField("no equals sign");
            a.addField("OK=yes");
        });
        fixture.logger("app").info("x");
        FakeDevice.Stored r = only(1);
        assertEquals("yes", r.field("OK"));
        assertNull(r.field("_HIDDEN"));
        assertEquals(2, fixture.statuses(ch.qos.logback.core.status.Status.WARN).size(),
                fixture.statuses(ch.qos.logback.core.status.Status.WARN).toString());
    }

    @Test
    void aVersion1DeviceGetsTheThreadAndLoggerInTheMessage() {
        fixture.device.version = 1;
        fixture.start(a -> {});
        fixture.logger("app.Old").info("hello");
        assertEquals("[" + Thread.currentThread().getName() + "] app.Old - hello",
                only(1).record().message());
    }
}
