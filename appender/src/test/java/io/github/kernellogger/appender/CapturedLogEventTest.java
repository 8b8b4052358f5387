package io.github.kernellogger.appender;

import static io.github.kernellogger.appender.TestAppenders.event;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.core.FakeDevice;
import io.github.kernellogger.core.FrameBuffer;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.ParameterizedMessageFactory;
import org.apache.logging.log4j.message.StringMapMessage;
import org.apache.logging.log4j.util.SortedArrayStringMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the logging thread captures into a slot, and what the layout, on the writer's thread,
 * then sees: as Log4j's async loggers, the message as it was formatted at the call, the context
 * as it was, the caller's location when the layout prints it, a MapMessage as itself; and what
 * a slot keeps once its event is written (nothing of the application's).
 */
class CapturedLogEventTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final AppenderFixture fixture = new AppenderFixture();
    private final FakeDevice device = fixture.device;


    @AfterEach
    void clearContext() {
        ThreadContext.clearAll();
    }

    /**
     * A ParameterizedMessage, as Log4j makes one with its thread locals off: through its factory,
     * as javac warns about the annotations of one of its deprecated constructors.
     */
    private static Message parameterized(String format, Object... parameters) {
        return ParameterizedMessageFactory.INSTANCE.newMessage(format, parameters);
    }



    /** A mutable parameter changed after the call: the record says what it was at the call. */
    @Test
    void theMessageIsFormattedAtTheCall() {
        KernelDeviceAppender a = fixture.appender(b -> b);
        Semaphore gate = fixture.holdTheWriter(a);
        StringBuilder order = new StringBuilder("4711");
        a.append(event(Level.INFO, parameterized("order {} shipped", order)));
        order.replace(0, 4, "9999");
        fixture.release(gate);
        await().atMost(WAIT).until(() -> device.size() == 2);
        assertEquals("order 4711 shipped", device.messages().get(1));
    }

    /** The ThreadContext as it was at the call, not as it is when the writer formats the event. */
    @Test
    void theContextIsCopiedAtTheCall() {
        KernelDeviceAppender a = fixture.appender(b -> b.setLayout(PatternLayout.newBuilder()
                .setPattern("%m %X{request}").build()));
        Semaphore gate = fixture.holdTheWriter(a);
        SortedArrayStringMap context = new SortedArrayStringMap();
        context.putValue("request", "r-1");
        a.append(Log4jLogEvent.newBuilder().setLoggerName("app").setLevel(Level.INFO)
                .setMessage(parameterized("paid")).setContextData(context).build());
        context.putValue("request", "r-2");
        fixture.release(gate);
        await().atMost(WAIT).until(() -> device.size() == 2);
        assertEquals("paid r-1", device.messages().get(1));
        assertEquals("r-1", device.stored().get(1).field("request"));
    }

    /** A MapMessage stays one, for a layout's %K. */
    @Test
    void aMapMessageIsKeptAsItself() {
        KernelDeviceAppender a = fixture.appender(b -> b.setLayout(PatternLayout.newBuilder()
                .setPattern("order=%K{order}").build()));
        a.append(event(Level.INFO, new StringMapMessage().with("order", "4711")));
        await().atMost(WAIT).until(() -> device.size() == 1);
        assertEquals("order=4711", device.messages().get(0));
    }

    /** %M: the method that logged, found on the logging thread, not the writer's. */
    @Test
    void theCallersLocationIsFoundOnTheLoggingThreadWhenTheLayoutPrintsIt() {
        KernelDeviceAppender a = fixture.appender(b -> b.setDevice("/test/location").setLayout(
                PatternLayout.newBuilder().setPattern("%M:%m").build()));
        assertTrue(a.requiresLocation());
        LoggerContext ctx = TestAppenders.contextLoggingTo("location-test", a);
        try {
            Logger log = ctx.getLogger("app");
            log.info("here");
            await().atMost(WAIT).until(() -> device.size() == 1);
            assertEquals("theCallersLocationIsFoundOnTheLoggingThreadWhenTheLayoutPrintsIt:here",
                    device.messages().get(0));
        } finally {
            ctx.stop();
        }
    }

    /** Without a location in the layout, none is computed (on either thread). */
    @Test
    void noLocationIsComputedWhenTheLayoutPrintsNone() {
        KernelDeviceAppender a = fixture.appender(b -> b);
        CapturedLogEvent slot = new CapturedLogEvent();
        LogEvent e = Log4jLogEvent.newBuilder().setLoggerName("app").setLoggerFqcn("app.Fqcn")
                .setLevel(Level.INFO).setIncludeLocation(true).setMessage(parameterized("m"))
                .build();
        slot.capture(e, CapturedLogEvent.freeze(e), null, a, 65536);
        assertNull(slot.getSource());
        assertEquals(false, slot.isIncludeLocation());
    }

    /**
     * A message longer than max_payload is cut when captured, so that a queued event costs at
     * most that; the record's notice still counts every byte that was cut.
     */
    @Test
    void aHugeMessageIsCutWhenCapturedAndTheNoticeCountsEveryByte() {
        KernelDeviceAppender a = fixture.appender(b -> b);
        CapturedLogEvent slot = new CapturedLogEvent();
        LogEvent e = event(Level.INFO, parameterized("{}", "\u00e9".repeat(100_000)));
        slot.capture(e, CapturedLogEvent.freeze(e), null, a, 1000);
        assertTrue(slot.retainedBytes() <= 2 * 1000, slot.retainedBytes() + " bytes kept");
        FrameBuffer frame = new FrameBuffer();
        frame.setMaxPayload(1000);
        slot.encode(frame, true);
        EventEncoderTest.Encoded encoded = new EventEncoderTest.Encoded(frame.frame(), frame.truncated());
        String text = EventEncoderTest.text(encoded);
        int kept = text.indexOf("...[truncated ");
        assertEquals("\u00e9".repeat(kept) + "...[truncated " + (200_000 - 2 * kept) + " bytes]", text);
        assertTrue(frame.truncated());
    }

    /** Once written, a slot refers to nothing of the application's: its exception is garbage. */
    @Test
    void aWrittenEventsExceptionIsNotKept() {
        KernelDeviceAppender a = fixture.appender(b -> b);
        WeakReference<Throwable> thrown = logAndForget(a);
        await().atMost(WAIT).until(() -> device.size() == 1);
        await().atMost(WAIT).until(() -> {
            System.gc();
            return thrown.get() == null;
        });
    }

    private static WeakReference<Throwable> logAndForget(KernelDeviceAppender a) {
        Throwable t = new IllegalStateException("kept only until written");
        a.append(Log4jLogEvent.newBuilder().setLoggerName("app").setLevel(Level.WARN)
                .setMessage(parameterized("failed")).setThrown(t).build());
        return new WeakReference<>(t);
    }

    /** A layout or appender that keeps the event gets an immutable copy of what was captured. */
    @Test
    void toImmutableIsACopyOfWhatWasCaptured() {
        KernelDeviceAppender a = fixture.appender(b -> b);
        CapturedLogEvent slot = new CapturedLogEvent();
        SortedArrayStringMap context = new SortedArrayStringMap();
        context.putValue("k", "v");
        LogEvent e = Log4jLogEvent.newBuilder().setLoggerName("app").setLevel(Level.ERROR)
                .setMessage(parameterized("order {}", 7)).setContextData(context)
                .setThreadName("worker").setTimeMillis(1234).build();
        slot.capture(e, CapturedLogEvent.freeze(e), null, a, 65536);
        LogEvent copy = slot.toImmutable();
        slot.release(1024);
        assertEquals("order 7", copy.getMessage().getFormattedMessage());
        assertEquals(Level.ERROR, copy.getLevel());
        assertEquals("v", copy.getContextData().getValue("k"));
        assertEquals("worker", copy.getThreadName());
        assertEquals(1234, copy.getTimeMillis());
    }

    @Test
    void utf8LengthCountsAsTheEncoderWrites() {
        assertEquals(1 + 2 + 3 + 4, CapturedLogEvent.utf8Length("a\u00e9\u20ac\ud83d\ude00", 0, 5));
        assertEquals(1, CapturedLogEvent.utf8Length("\ud83d", 0, 1)); // unpaired: '?'
    }
}
