package io.github.kernellogger.appender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LoggerAbi;
import io.github.kernellogger.device.RecordField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.time.MutableInstant;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.layout.AbstractLayout;
import org.apache.logging.log4j.core.layout.ByteBufferDestination;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EventEncoderTest {
    private static final Layout<String> MESSAGE = PatternLayout.newBuilder().setPattern("%m").build();

    /**
     * The frame's message, read before the buffer is given back (as append() copies it into the
     * queue).
     */
    private static String text(EventEncoder.Encoded e) {
        ByteBuffer b = e.bytes();
        int size = b.getInt(LoggerAbi.FRAME_SIZE_OFFSET);
        int start = LoggerAbi.FRAME_SIZE + Short.toUnsignedInt(b.getShort(LoggerAbi.FRAME_FIELDS_LEN_OFFSET));
        byte[] out = new byte[size - start];
        b.get(start, out);
        e.release();
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The frame's fields, decoded as a reader decodes a record's. */
    private static List<RecordField> fields(EventEncoder.Encoded e) {
        ByteBuffer b = e.bytes();
        byte[] out = new byte[Short.toUnsignedInt(b.getShort(LoggerAbi.FRAME_FIELDS_LEN_OFFSET))];
        b.get(LoggerAbi.FRAME_SIZE, out);
        return RecordField.decode(out);
    }

    /** An event with context; markers are in the tests through SLF4J (Slf4jTest). */
    private static LogEvent richEvent(String contextKey, String contextValue) {
        SortedArrayStringMap context = new SortedArrayStringMap();
        context.putValue("request", "r-17");
        context.putValue(contextKey, contextValue);
        MutableInstant instant = new MutableInstant();
        instant.initFromEpochSecond(1_764_600_000L, 123_456_789);
        return Log4jLogEvent.newBuilder()
                .setLoggerName("com.acme.Orders")
                .setLevel(Level.ERROR)
                .setMessage(new SimpleMessage("order 4711 failed"))
                .setThreadName("worker-1")
                .setThreadId(42)
                .setContextData(context)
                .setInstant(instant)
                .build();
    }

    @Test
    void aFrameCarriesStaticFieldsFirstThenTheEventsOwn() {
        EventFields fields = EventFields.of(new StaticField("SERVICE", "payments"),
                new StaticField("host.name", "h\u00f6st"));
        EventEncoder.Encoded e = EventEncoder.encode(MESSAGE, richEvent("user id", "u-1"), 65536, fields);
        assertEquals(List.of(RecordField.of("SERVICE", "payments"), RecordField.of("host.name", "h\u00f6st"),
                RecordField.of("TAG", "com.acme.Orders"), RecordField.of("THREAD", "worker-1"),
                RecordField.of("THREAD_ID", "42"), RecordField.of("request", "r-17"),
                RecordField.of("user_id", "u-1")), fields(e));
        ByteBuffer b = e.bytes();
        assertEquals(LoggerAbi.LEVEL_ERR, b.get(LoggerAbi.FRAME_LEVEL_OFFSET));
        assertEquals(1_764_600_000_123_456_789L, b.getLong(LoggerAbi.FRAME_SRC_TS_NS_OFFSET));
        assertEquals(0, b.limit() % LoggerAbi.FRAME_ALIGN);
        assertEquals(LoggerAbi.frameSpan(b.getInt(LoggerAbi.FRAME_SIZE_OFFSET)), b.limit());
        assertFalse(e.truncated());
        assertEquals("order 4711 failed", text(e));
    }

    @Test
    void withFieldsOffAFrameIsTheMessageAlone() {
        EventEncoder.Encoded e = EventEncoder.encode(MESSAGE, richEvent("k", "v"), 65536, EventFields.NONE);
        assertEquals(List.of(), fields(e));
        assertEquals(0, e.bytes().getLong(LoggerAbi.FRAME_SRC_TS_NS_OFFSET));
        assertEquals("order 4711 failed", text(e));
    }

    @Test
    void aFieldPastHalfOfMaxPayloadIsLeftOutAndTheMessageHasTheRest() {
        EventEncoder.Encoded e = EventEncoder.encode(MESSAGE, richEvent("big", "v".repeat(300)), 400,
                EventFields.of());
        List<RecordField> kept = fields(e);
        assertTrue(kept.stream().noneMatch(f -> f.key().equals("big")), kept.toString());
        assertTrue(kept.stream().anyMatch(f -> f.key().equals("request")), "fields that fit stay");
        assertTrue(e.truncated());
        int payload = e.bytes().getInt(LoggerAbi.FRAME_SIZE_OFFSET) - LoggerAbi.FRAME_SIZE;
        assertTrue(payload <= 400, payload + " bytes");
        assertEquals("order 4711 failed", text(e));
    }

    @Test
    void theMessageIsCutToWhatTheFieldsLeaveOfMaxPayload() {
        LogEvent event = TestAppenders.event(Level.INFO, "z".repeat(1000));
        EventEncoder.Encoded e = EventEncoder.encode(MESSAGE, event, 300, EventFields.of());
        int fieldsLen = e.bytes().getShort(LoggerAbi.FRAME_FIELDS_LEN_OFFSET);
        assertTrue(fieldsLen > 0);
        assertEquals(300, e.bytes().getInt(LoggerAbi.FRAME_SIZE_OFFSET) - LoggerAbi.FRAME_SIZE);
        assertTrue(e.truncated());
        assertTrue(text(e).endsWith("bytes]"));
    }

    @Test
    void formatsWithTheLayout() {
        Layout<String> layout = PatternLayout.newBuilder().setPattern("[%p] %c - %m").build();
        EventEncoder.Encoded e = EventEncoder.encode(layout,
                TestAppenders.event(Level.WARN, "disk almost full"), 65536, EventFields.NONE);
        assertEquals("[WARN] test - disk almost full", text(e));
        assertFalse(e.truncated());
    }

    @Test
    void aTrailingLineBreakIsDropped() {
        Layout<String> layout = PatternLayout.newBuilder().setPattern("%m%n").build();
        assertEquals("line one\nline two", text(EventEncoder.encode(layout,
                TestAppenders.event(Level.INFO, "line one\nline two\r\n"), 65536, EventFields.NONE)));
    }

    @Test
    void anEventOfExactlyMaxPayloadIsKeptWhole() {
        String msg = "x".repeat(1000);
        EventEncoder.Encoded e = EventEncoder.encode(MESSAGE, TestAppenders.event(Level.INFO, msg), 1000, EventFields.NONE);
        assertEquals(msg, text(e));
        assertFalse(e.truncated());
    }

    /** Sizes around the growth steps of the buffer and far beyond the limit. */
    @ParameterizedTest
    @ValueSource(ints = {1001, 1024, 1536, 4096, 100_000, 3_000_000})
    void aLargerEventIsCutVisiblyToMaxPayload(int size) {
        String msg = "y".repeat(size);
        EventEncoder.Encoded e = EventEncoder.encode(MESSAGE, TestAppenders.event(Level.INFO, msg), 1000, EventFields.NONE);
        String out = text(e);
        assertTrue(e.truncated());
        assertTrue(out.getBytes(StandardCharsets.UTF_8).length <= 1000);
        int kept = out.indexOf("...[truncated ");
        assertTrue(kept > 900, out);
        assertEquals("y".repeat(kept) + "...[truncated " + (size - kept) + " bytes]", out);
    }

    @Test
    void theCutNeverSplitsAUtf8Character() {
        // 3-byte characters: whatever the cut point, the text must stay valid UTF-8.
        for (int limit = 60; limit < 70; limit++) {
            String msg = "€".repeat(100);
            EventEncoder.Encoded e = EventEncoder.encode(MESSAGE, TestAppenders.event(Level.INFO, msg), limit, EventFields.NONE);
            String out = text(e);
            assertFalse(out.contains("\uFFFD"), out);
            int kept = out.indexOf("...[truncated ");
            assertEquals("€".repeat(kept) + "...[truncated " + (300 - 3 * kept) + " bytes]", out);
            assertTrue(out.getBytes(StandardCharsets.UTF_8).length <= limit);
        }
    }

    /**
     * A layout that writes in two steps and encodes another event in between, as a layout does
     * when a toString() logs to another KernelDevice appender on the same thread.
     */
    private static final class NestingLayout extends AbstractLayout<String> {
        NestingLayout() {
            super(null, null, null);
        }

        @Override
        public void encode(LogEvent event, ByteBufferDestination destination) {
            destination.writeBytes("out".getBytes(StandardCharsets.UTF_8), 0, 3);
            EventEncoder.Encoded inner = EventEncoder.encode(MESSAGE,
                    TestAppenders.event(Level.INFO, "nested event"), 65536, EventFields.NONE);
            assertEquals("nested event", text(inner));
            destination.writeBytes("er".getBytes(StandardCharsets.UTF_8), 0, 2);
        }

        @Override
        public byte[] toByteArray(LogEvent event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String toSerializable(LogEvent event) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getContentType() {
            return "text/plain";
        }
    }

    @Test
    void aNestedEncodeOnTheSameThreadGetsABufferOfItsOwn() {
        EventEncoder.Encoded e = EventEncoder.encode(new NestingLayout(),
                TestAppenders.event(Level.INFO, "ignored"), 65536, EventFields.NONE);
        assertEquals("outer", text(e));
    }

    /** A thread's buffer copies TAG and THREAD it encoded last: a new name must not get the old. */
    @Test
    void eachEventGetsItsOwnLoggerAndThreadWhateverCameBefore() {
        String[][] cases = {{"a.One", "t1"}, {"a.One", "t1"}, {"b.Two", "t1"}, {"b.Two", "t2-\u00e9"},
            {"a.One", "t1"}, {new String("a.One"), new String("t1")}};
        for (String[] c : cases) {
            LogEvent event = Log4jLogEvent.newBuilder().setLoggerName(c[0]).setLevel(Level.INFO)
                    .setThreadName(c[1]).setThreadId(7).setMessage(new SimpleMessage("m")).build();
            EventEncoder.Encoded e = EventEncoder.encode(MESSAGE, event, 65536, EventFields.of());
            assertEquals(List.of(RecordField.of("TAG", c[0]), RecordField.of("THREAD", c[1]),
                    RecordField.of("THREAD_ID", "7")), fields(e));
            e.release();
        }
    }
}
