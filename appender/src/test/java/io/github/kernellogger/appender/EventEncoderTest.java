package io.github.kernellogger.appender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.core.EventFields;
import io.github.kernellogger.core.FrameBuffer;
import io.github.kernellogger.core.StaticField;
import io.github.kernellogger.device.LoggerAbi;
import io.github.kernellogger.device.RecordField;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.time.MutableInstant;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Events as frames, as the writer encodes them into its frame buffer. */
class EventEncoderTest {
    private static final Layout<String> MESSAGE = PatternLayout.newBuilder().setPattern("%m").build();

    /** A frame as the writer builds it: a copy of its bytes, and whether it was cut. */
    record Encoded(ByteBuffer bytes, boolean truncated) {}

    /** {@code event}'s frame for a device of {@code maxPayload}. */
    static Encoded encode(Layout<?> layout, LogEvent event, int maxPayload, EventFields fields) {
        FrameBuffer frame = new FrameBuffer();
        frame.setMaxPayload(maxPayload);
        EventEncoder.encode(layout, event, fields, frame, 0);
        return new Encoded(frame.frame(), frame.truncated());
    }

    /** The frame's message. */
    static String text(Encoded e) {
        ByteBuffer b = e.bytes();
        int size = b.getInt(LoggerAbi.FRAME_SIZE_OFFSET);
        int start = LoggerAbi.FRAME_SIZE + Short.toUnsignedInt(b.getShort(LoggerAbi.FRAME_FIELDS_LEN_OFFSET));
        byte[] out = new byte[size - start];
        b.get(start, out);
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The frame's fields, decoded as a reader decodes a record's. */
    static List<RecordField> fields(Encoded e) {
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
        Encoded e = encode(MESSAGE, richEvent("user id", "u-1"), 65536, fields);
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
        Encoded e = encode(MESSAGE, richEvent("k", "v"), 65536, EventFields.NONE);
        assertEquals(List.of(), fields(e));
        assertEquals(0, e.bytes().getLong(LoggerAbi.FRAME_SRC_TS_NS_OFFSET));
        assertEquals("order 4711 failed", text(e));
    }

    @Test
    void aFieldPastHalfOfMaxPayloadIsLeftOutAndTheMessageHasTheRest() {
        Encoded e = encode(MESSAGE, richEvent("big", "v".repeat(300)), 400,
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
        Encoded e = encode(MESSAGE, event, 300, EventFields.of());
        int fieldsLen = e.bytes().getShort(LoggerAbi.FRAME_FIELDS_LEN_OFFSET);
        assertTrue(fieldsLen > 0);
        assertEquals(300, e.bytes().getInt(LoggerAbi.FRAME_SIZE_OFFSET) - LoggerAbi.FRAME_SIZE);
        assertTrue(e.truncated());
        assertTrue(text(e).endsWith("bytes]"));
    }

    @Test
    void formatsWithTheLayout() {
        Layout<String> layout = PatternLayout.newBuilder().setPattern("[%p] %c - %m").build();
        Encoded e = encode(layout,
                TestAppenders.event(Level.WARN, "disk almost full"), 65536, EventFields.NONE);
        assertEquals("[WARN] test - disk almost full", text(e));
        assertFalse(e.truncated());
    }

    @Test
    void aTrailingLineBreakIsDropped() {
        Layout<String> layout = PatternLayout.newBuilder().setPattern("%m%n").build();
        assertEquals("line one\nline two", text(encode(layout,
                TestAppenders.event(Level.INFO, "line one\nline two\r\n"), 65536, EventFields.NONE)));
    }

    @Test
    void anEventOfExactlyMaxPayloadIsKeptWhole() {
        String msg = "x".repeat(1000);
        Encoded e = encode(MESSAGE, TestAppenders.event(Level.INFO, msg), 1000, EventFields.NONE);
        assertEquals(msg, text(e));
        assertFalse(e.truncated());
    }

    /** Sizes around the growth steps of the buffer and far beyond the limit. */
    @ParameterizedTest
    @ValueSource(ints = {1001, 1024, 1536, 4096, 100_000, 3_000_000})
    void aLargerEventIsCutVisiblyToMaxPayload(int size) {
        String msg = "y".repeat(size);
        Encoded e = encode(MESSAGE, TestAppenders.event(Level.INFO, msg), 1000, EventFields.NONE);
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
            Encoded e = encode(MESSAGE, TestAppenders.event(Level.INFO, msg), limit, EventFields.NONE);
            String out = text(e);
            assertFalse(out.contains("\uFFFD"), out);
            int kept = out.indexOf("...[truncated ");
            assertEquals("€".repeat(kept) + "...[truncated " + (300 - 3 * kept) + " bytes]", out);
            assertTrue(out.getBytes(StandardCharsets.UTF_8).length <= limit);
        }
    }

    /** The writer's buffer copies TAG and THREAD it encoded last: a new name must not get the old. */
    @Test
    void eachEventGetsItsOwnLoggerAndThreadWhateverCameBefore() {
        String[][] cases = {{"a.One", "t1"}, {"a.One", "t1"}, {"b.Two", "t1"}, {"b.Two", "t2-\u00e9"},
            {"a.One", "t1"}, {new String("a.One"), new String("t1")}};
        FrameBuffer frame = new FrameBuffer();
        for (String[] c : cases) {
            LogEvent event = Log4jLogEvent.newBuilder().setLoggerName(c[0]).setLevel(Level.INFO)
                    .setThreadName(c[1]).setThreadId(7).setMessage(new SimpleMessage("m")).build();
            frame.clear();
            EventEncoder.encode(MESSAGE, event, EventFields.of(), frame, 0);
            ByteBuffer b = frame.frame();
            byte[] laidOut = new byte[Short.toUnsignedInt(b.getShort(LoggerAbi.FRAME_FIELDS_LEN_OFFSET))];
            b.get(LoggerAbi.FRAME_SIZE, laidOut);
            assertEquals(List.of(RecordField.of("TAG", c[0]), RecordField.of("THREAD", c[1]),
                    RecordField.of("THREAD_ID", "7")), RecordField.decode(laidOut));
        }
    }
}
