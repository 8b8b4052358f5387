package io.github.kernellogger.appender;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LoggerDevice;
import io.github.kernellogger.device.LoggerDeviceException;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.test.appender.ListAppender;
import org.apache.logging.log4j.test.ListStatusListener;
import org.apache.logging.log4j.test.junit.UsingStatusListener;
import org.junit.jupiter.api.Test;

/**
 * In a JVM where JNA's native part cannot load, as from a noexec /tmp or on a laptop that is not
 * Linux: the surefire execution "without-jna" runs this class alone, with jna.nosys and
 * jna.nounpack set so that JNA finds no native library.
 */
@UsingStatusListener
class WithoutJnaTest {

    @Test
    void theBindingSaysWhyItCannotWork() {
        LoggerDeviceException e = assertThrows(LoggerDeviceException.class,
                () -> LoggerDevice.open(Path.of("/dev/null"), LoggerDevice.Mode.WRITE, false));
        assertEquals("ENOSYS", e.errnoName());
        assertTrue(e.getMessage().contains("JNA cannot load its native library"), e.getMessage());
    }

    @Test
    void theAppenderStartsAndEventsGoToErrorRef(ListStatusListener status) {
        LoggerContext ctx = Configurator.initialize("without-jna", "classpath:log4j2-without-jna.xml");
        try {
            assertTrue(ctx.getConfiguration().getAppender("kernel") instanceof KernelDeviceAppender);
            assertTrue(ctx.getConfiguration().<KernelDeviceAppender>getAppender("kernel").isStarted());
            ListAppender errors = ctx.getConfiguration().getAppender("errors");
            ctx.getLogger("app").info("hello");
            await().atMost(Duration.ofSeconds(20)).until(() -> errors.getEvents().size() == 1);
            assertEquals("hello", errors.getEvents().get(0).getMessage().getFormattedMessage());
            assertEquals(1, status.findStatusData(Level.ERROR).filter(d -> d.getMessage()
                    .getFormattedMessage().contains("ENOSYS: cannot open /dev/logger: JNA cannot load "
                            + "its native library")).count());
        } finally {
            Configurator.shutdown(ctx);
        }
    }
}
