package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.SyslogLevel;

/**
 * The levels {@code -p} lets through, as journalctl's -p takes them: one level means that level
 * or more severe ({@code err}: emerg..err); {@code FROM..TO} means the levels between, both
 * included, in either order ({@code err..warning}, {@code 3..4}). A level is a syslog name, a
 * number 0..7, a Log4j name, or one of logcat's letters ({@code -p E}, {@code -p W..E}).
 *
 * @param mostSevere the most severe level let through (the lowest number)
 * @param leastSevere the least severe level let through
 */
public record PriorityRange(SyslogLevel mostSevere, SyslogLevel leastSevere) {

    public PriorityRange {
        if (mostSevere.code() > leastSevere.code()) {
            throw new IllegalArgumentException(mostSevere.label() + " is less severe than " + leastSevere.label());
        }
    }

    public boolean test(SyslogLevel level) {
        return level.code() >= mostSevere.code() && level.code() <= leastSevere.code();
    }

    /**
     * The range {@code text} names: a level (a syslog name, a number 0..7, or a Log4j name) or
     * two joined by {@code ..}.
     *
     * @throws IllegalArgumentException if it names none
     */
    public static PriorityRange parse(String text) {
        int dots = text.indexOf("..");
        if (dots < 0) {
            return new PriorityRange(SyslogLevel.EMERG, level(text));
        }
        SyslogLevel a = level(text.substring(0, dots));
        SyslogLevel b = level(text.substring(dots + 2));
        return a.code() <= b.code() ? new PriorityRange(a, b) : new PriorityRange(b, a);
    }

    private static SyslogLevel level(String name) {
        SyslogLevel letter = logcatLetter(name);
        if (letter != null) {
            return letter;
        }
        return SyslogLevel.parse(name)
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a level"));
    }

    /**
     * logcat's letter for a level, as its filter specs have them: V and D debug, I info, W warning,
     * E err, F alert (FATAL, as the appender writes it); null for anything else (S, silent, is no
     * level to show from).
     */
    static SyslogLevel logcatLetter(String name) {
        if (name.length() != 1) {
            return null;
        }
        return switch (Character.toUpperCase(name.charAt(0))) {
            case 'V', 'D' -> SyslogLevel.DEBUG;
            case 'I' -> SyslogLevel.INFO;
            case 'W' -> SyslogLevel.WARNING;
            case 'E' -> SyslogLevel.ERR;
            case 'F' -> SyslogLevel.ALERT;
            default -> null;
        };
    }
}
