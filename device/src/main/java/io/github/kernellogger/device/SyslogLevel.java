package io.github.kernellogger.device;

import java.util.Locale;
import java.util.Optional;

/** The syslog severity of a record: lower is more severe, as in {@code <syslog.h>}. */
public enum SyslogLevel {
    EMERG(LoggerAbi.LEVEL_EMERG),
    ALERT(LoggerAbi.LEVEL_ALERT),
    CRIT(LoggerAbi.LEVEL_CRIT),
    ERR(LoggerAbi.LEVEL_ERR),
    WARNING(LoggerAbi.LEVEL_WARNING),
    NOTICE(LoggerAbi.LEVEL_NOTICE),
    INFO(LoggerAbi.LEVEL_INFO),
    DEBUG(LoggerAbi.LEVEL_DEBUG);

    private static final SyslogLevel[] BY_CODE = values();

    private final int code;

    SyslogLevel(int code) {
        this.code = code;
    }

    /** The number the device uses, 0..7. */
    public int code() {
        return code;
    }

    /** The lower-case name, as syslog and dmesg print it: "err", "warning". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True if this level is {@code other} or more severe. */
    public boolean isAtLeast(SyslogLevel other) {
        return code <= other.code;
    }

    /**
     * The level with this code.
     *
     * @throws IllegalArgumentException if {@code code} is outside 0..7
     */
    public static SyslogLevel ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("syslog level " + code + " is not in 0..7");
        }
        return BY_CODE[code];
    }

    /**
     * A level by name: the syslog names (emerg, alert, crit, err, warning, notice, info, debug),
     * their common aliases (error, warn, panic), and the Log4j2 names (fatal, error, warn, info,
     * debug, trace), in any case; or a number 0..7.
     */
    public static Optional<SyslogLevel> parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "emerg": case "panic": return Optional.of(EMERG);
            // FATAL is alert, as Log4j's Severity and the appender map it.
            case "alert": case "fatal": return Optional.of(ALERT);
            case "crit": case "critical": return Optional.of(CRIT);
            case "err": case "error": return Optional.of(ERR);
            case "warning": case "warn": return Optional.of(WARNING);
            case "notice": return Optional.of(NOTICE);
            case "info": return Optional.of(INFO);
            case "debug": case "trace": return Optional.of(DEBUG);
            default:
                if (n.length() == 1 && n.charAt(0) >= '0' && n.charAt(0) <= '7') {
                    return Optional.of(ofCode(n.charAt(0) - '0'));
                }
                return Optional.empty();
        }
    }
}
