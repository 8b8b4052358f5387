package io.github.kernellogger.appender;

import io.github.kernellogger.core.FakeDevice;
import io.github.kernellogger.device.RecordField;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * The application of {@link OldestLog4jIT}, run in a JVM of its own on the oldest log4j-api and
 * log4j-core the appender supports: logs through KernelDevice (to a {@link FakeDevice}, from
 * {@code log4j2-oldest.xml}) and prints what the device got, one line per record, after the
 * version of log4j-core that ran.
 */
public final class OldestLog4jApp {
    private OldestLog4jApp() {}

    public static void main(String[] args) {
        Logger log = LogManager.getLogger("app.Oldest");
        System.out.println("log4j-core " + LoggerContext.class.getPackage().getImplementationVersion());
        ThreadContext.put("request", "r-1");
        log.info("hello {}", "world");
        ThreadContext.clearMap();
        log.error("failed", new IllegalStateException("card declined"));
        FakeDevice device = FakeDevice.named("oldest");
        // The error was written through before its call returned: both are there now.
        for (FakeDevice.Stored r : device.stored()) {
            String message = r.record().message().lines().findFirst().orElse("");
            System.out.println("record " + r.record().level() + " | " + message + " | "
                    + r.fields().stream().map(RecordField::toString).collect(Collectors.joining(", ")));
        }
        LogManager.shutdown();
    }
}
