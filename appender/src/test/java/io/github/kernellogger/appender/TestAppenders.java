package io.github.kernellogger.appender;

import io.github.kernellogger.core.FakeDevice;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.NullConfiguration;
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

    /**
     * A LoggerContext of its own, started, whose root logger, at every level, writes to
     * {@code appender} alone: for tests that log through Log4j's loggers. Stop it after.
     */
    static LoggerContext contextLoggingTo(String name, KernelDeviceAppender appender) {
        LoggerContext ctx = new LoggerContext(name);
        NullConfiguration config = new NullConfiguration();
        ctx.start(config);
        config.getRootLogger().setLevel(Level.ALL);
        config.getRootLogger().addAppender(appender, null, null);
        ctx.updateLoggers();
        return ctx;
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
