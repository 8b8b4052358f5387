package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.SyslogLevel;

/**
 * The levels {@code -p} lets through, as journalctl's -p takes them: one level means that level
 * or more severe ({@code err}: emerg..err); {@code FROM..TO} means the levels between, both
 * included, in either order ({@code err..warning}, {@code 3..4}).
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
        return SyslogLevel.parse(name)
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a level"));
    }
}
