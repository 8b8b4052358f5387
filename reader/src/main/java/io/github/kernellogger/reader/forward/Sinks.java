package io.github.kernellogger.reader.forward;

import io.github.kernellogger.reader.read.RecordSink;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The sinks a forwarder's configuration may name ({@code sink = ...}), and how each is opened. */
final class Sinks {
    static final List<String> NAMES = List.of("syslog", "kafka");

    private Sinks() {}

    /** A sink open on its server: what the forwarder delivers to, and what it closes. */
    record Open(RecordSink sink, Closeable connection) {
        static <S extends RecordSink & Closeable> Open of(S s) {
            return new Open(s, s);
        }
    }

    /** Checks the sink's settings without connecting. @throws IllegalArgumentException */
    static void check(String name, Map<String, String> settings) {
        switch (name) {
            case "syslog" -> SyslogSink.check(settings);
            case "kafka" -> KafkaSink.describe(settings);
            default -> throw new IllegalArgumentException("no sink " + name);
        }
    }

    /** Where the sink sends, for messages. @throws IllegalArgumentException for bad settings */
    static String describe(String name, Map<String, String> settings) {
        return switch (name) {
            case "syslog" -> SyslogSink.describe(settings);
            case "kafka" -> KafkaSink.describe(settings);
            default -> throw new IllegalArgumentException("no sink " + name);
        };
    }

    /**
     * @throws IllegalArgumentException for a bad setting
     * @throws IOException if the server cannot be reached
     */
    static Open open(String name, Map<String, String> settings, String hostname) throws IOException {
        return switch (name) {
            case "syslog" -> Open.of(SyslogSink.open(settings, hostname));
            case "kafka" -> Open.of(KafkaSink.open(settings, hostname));
            default -> throw new IllegalArgumentException("no sink " + name);
        };
    }
}
