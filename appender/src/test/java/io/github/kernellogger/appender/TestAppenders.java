package io.github.kernellogger.appender;

import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.SimpleMessage;

/** Appenders on a {@link FakeDevice}, each on a device path of its own, and events for them. */
final class TestAppenders {
    private TestAppenders() {}

    /** The builder with its type parameter settled, so that every setter returns it. */
    static final class TestBuilder extends KernelDeviceAppender.Builder<TestBuilder> {}

    /** A builder for an appender named "kernel" with layout "%m" on a fresh fake device path. */
    static TestBuilder builder(FakeDevice device) {
        return new TestBuilder()
                .setName("kernel")
                .setDevice("/test/" + UUID.randomUUID())
                .setDeviceFactory(device)
                .setLayout(PatternLayout.newBuilder().setPattern("%m").build());
    }

    /** Built and started. */
    static KernelDeviceAppender started(FakeDevice device, UnaryOperator<TestBuilder> settings) {
        KernelDeviceAppender a = settings.apply(builder(device)).build();
        a.start();
        return a;
    }

    static LogEvent event(Level level, String message) {
        return event(level, new SimpleMessage(message));
    }

    static LogEvent event(Level level, Message message) {
        return Log4jLogEvent.newBuilder()
                .setLoggerName("test")
                .setLevel(level)
                .setMessage(message)
                .setTimeMillis(System.currentTimeMillis())
                .build();
    }
}
