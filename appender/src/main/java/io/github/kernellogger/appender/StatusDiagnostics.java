package io.github.kernellogger.appender;

import io.github.kernellogger.core.Diagnostics;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * The core's diagnostics as Log4j reports its own: to the StatusLogger, which
 * {@code <Configuration status="...">} and {@code log4j2.statusLoggerLevel} control; never to a
 * normal Logger, so that the appender cannot log into itself.
 */
enum StatusDiagnostics implements Diagnostics {
    INSTANCE;

    private static final StatusLogger STATUS = StatusLogger.getLogger();

    @Override
    public void error(String message, Throwable cause) {
        if (cause == null) {
            STATUS.error(message);
        } else {
            STATUS.error(message, cause);
        }
    }

    @Override
    public void warn(String message) {
        STATUS.warn(message);
    }

    @Override
    public void info(String message) {
        STATUS.info(message);
    }
}
