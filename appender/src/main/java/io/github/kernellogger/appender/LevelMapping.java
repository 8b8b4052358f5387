package io.github.kernellogger.appender;

import io.github.kernellogger.device.SyslogLevel;
import org.apache.logging.log4j.Level;

/**
 * Log4j levels to syslog levels, as Log4j's own {@code Severity} maps them (its Syslog appender,
 * Rfc5424Layout): FATAL 1 (alert), ERROR 3 (err), WARN 4 (warning), INFO 6 (info), DEBUG and TRACE
 * 7 (debug). A custom level takes the syslog level of the nearest standard one by
 * {@link Level#intLevel()}; on a tie, the more severe.
 */
final class LevelMapping {
    private LevelMapping() {}

    private static final Level[] STANDARD = {
        Level.FATAL, Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG, Level.TRACE,
    };
    private static final SyslogLevel[] SYSLOG = {
        SyslogLevel.ALERT, SyslogLevel.ERR, SyslogLevel.WARNING, SyslogLevel.INFO,
        SyslogLevel.DEBUG, SyslogLevel.DEBUG,
    };

    static SyslogLevel toSyslog(Level level) {
        // The standard levels, on every event: no search.
        switch (level.intLevel()) {
            case 100: return SyslogLevel.ALERT;
            case 200: return SyslogLevel.ERR;
            case 300: return SyslogLevel.WARNING;
            case 400: return SyslogLevel.INFO;
            case 500: case 600: return SyslogLevel.DEBUG;
            default: return nearest(level);
        }
    }

    private static SyslogLevel nearest(Level level) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < STANDARD.length; i++) {
            long distance = Math.abs((long) STANDARD[i].intLevel() - level.intLevel());
            if (distance < bestDistance) {
                best = i;
                bestDistance = distance;
            }
        }
        return SYSLOG[best];
    }
}
