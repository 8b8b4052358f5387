package io.github.kernellogger.appender;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.core.FakeDevice;
import io.github.kernellogger.device.RecordField;
import java.time.Duration;
import java.util.List;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.test.appender.ListAppender;
import org.apache.logging.log4j.core.test.junit.LoggerContextSource;
import org.apache.logging.log4j.core.test.junit.Named;
import org.apache.logging.log4j.core.util.NetUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/**
 * What each record says beside its message, through SLF4J as applications log: the static
 * fields, then TAG, THREAD, THREAD_ID, the MDC and key-value pairs, MARKER, and the event's time.
 */
@LoggerContextSource("log4j2-fields.xml")
class FieldsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @AfterEach
    void clearContext() {
        ThreadContext.clearAll();
    }

    /** The record's fields without the four every record has, in order. */
    private static List<RecordField> rest(FakeDevice.Stored r) {
        return r.fields().subList(5, r.fields().size());
    }

    @Test
    void everyRecordNamesItsLoggerThreadContextAndMarker(LoggerContext ctx,
            @Named("events") ListAppender events) {
        FakeDevice device = FakeDevice.named("fields");
        Logger log = LoggerFactory.getLogger("app.Checkout");
        MDC.put("request id", "r-17");
        MDC.put("_private", "p");
        MDC.put("tenant.name", "acme");
        log.info("paid");
        MDC.clear();
        log.atWarn().addKeyValue("order", 4711).addKeyValue("amount €", "42.00")
                .addMarker(MarkerFactory.getMarker("AUDIT")).log("refunded");
        await().atMost(WAIT).until(() -> device.size() == 2);

        Thread me = Thread.currentThread();
        for (FakeDevice.Stored r : device.stored()) {
            assertEquals(List.of(RecordField.of("SERVICE", "payments"),
                    RecordField.of("HOST", NetUtils.getLocalHostname()),
                    RecordField.of("TAG", "app.Checkout"), RecordField.of("THREAD", me.getName()),
                    RecordField.of("THREAD_ID", Long.toString(me.getId()))), r.fields().subList(0, 5));
            assertTrue(r.framed());
        }
        FakeDevice.Stored paid = device.stored().get(0);
        assertEquals("paid", paid.record().message());
        // The MDC is sorted by key; keys that are not valid keys are made so.
        assertEquals(List.of(RecordField.of("x_private", "p"), RecordField.of("request_id", "r-17"),
                RecordField.of("tenant.name", "acme")), rest(paid));
        FakeDevice.Stored refunded = device.stored().get(1);
        assertEquals("refunded", refunded.record().message());
        assertEquals(List.of(RecordField.of("amount____", "42.00"), RecordField.of("order", "4711"),
                RecordField.of("MARKER", "AUDIT")), rest(refunded));
        // The event's own time, to the nanosecond the clock gave it.
        List<LogEvent> logged = events.getEvents();
        for (int i = 0; i < 2; i++) {
            assertEquals(EventEncoder.nanos(logged.get(i).getInstant()),
                    device.stored().get(i).sourceTimestampNanos());
        }
    }

    @Test
    void fieldsFalseGivesTheMessageAlone(LoggerContext ctx) {
        FakeDevice device = FakeDevice.named("no-fields");
        MDC.put("request", "r-1");
        LoggerFactory.getLogger("plain").atInfo().addMarker(MarkerFactory.getMarker("AUDIT"))
                .log("just this");
        await().atMost(WAIT).until(() -> device.size() == 1);
        FakeDevice.Stored r = device.stored().get(0);
        assertEquals("just this", r.record().message());
        assertEquals(List.of(), r.fields());
        assertEquals(0, r.sourceTimestampNanos());
        assertNull(r.field("SERVICE"));
    }
}
