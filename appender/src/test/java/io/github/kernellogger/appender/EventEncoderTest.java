package io.github.kernellogger.appender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

    /** The text, read before the buffer is given back (as append() copies it into the queue). */
    private static String text(EventEncoder.Encoded e) {
        ByteBuffer b = e.bytes();
        byte[] out = new byte[b.remaining()];
        b.get(b.position(), out);
        e.release();
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void formatsWithTheLayout() {
        Layout<String> layout = PatternLayout.newBuilder().setPattern("[%p] %c - %m").build();
        EventEncoder.Encoded e = EventEncoder.encode(layout,
                TestAppenders.event(Level.WARN, "disk almost full"), 65536);
        assertEquals("[WARN] test - disk almost full", text(e));
        assertFalse(e.truncated());
    }

    @Test
    void aTrailingLineBreakIsDropped() {
        Layout<String> layout = PatternLayout.newBuilder().setPattern("%m%n").build();
        assertEquals("line one\nline two", text(EventEncoder.encode(layout,
                TestAppenders.event(Level.INFO, "line one\nline two\r\n"), 65536)));
    }

    @Test
    void anEventOfExactlyMaxPayloadIsKeptWhole() {
        String msg = "x".repeat(1000);
        EventEncoder.Encoded e = EventEncoder.encode(MESSAGE, TestAppenders.event(Level.INFO, msg), 1000);
        assertEquals(msg, text(e));
        assertFalse(e.truncated());
    }

    /** Sizes around the growth steps of the buffer and far beyond the limit. */
    @ParameterizedTest
    @ValueSource(ints = {1001, 1024, 1536, 4096, 100_000, 3_000_000})
    void aLargerEventIsCutVisiblyToMaxPayload(int size) {
        String msg = "y".repeat(size);
        EventEncoder.Encoded e = EventEncoder.encode(MESSAGE, TestAppenders.event(Level.INFO, msg), 1000);
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
            EventEncoder.Encoded e = EventEncoder.encode(MESSAGE, TestAppenders.event(Level.INFO, msg), limit);
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
                    TestAppenders.event(Level.INFO, "nested event"), 65536);
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
                TestAppenders.event(Level.INFO, "ignored"), 65536);
        assertEquals("outer", text(e));
    }
}
