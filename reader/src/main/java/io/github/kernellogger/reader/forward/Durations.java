package io.github.kernellogger.reader.forward;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Time spans in a configuration, as systemd writes them in units: 500ms, 10s, 2min, 1h, or seconds. */
final class Durations {
    private static final Pattern SPAN = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|sec|min|m|h)?");

    private Durations() {}

    /** @throws IllegalArgumentException if {@code text} is no span */
    static Duration parse(String text) {
        Matcher m = SPAN.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a time span (500ms, 10s, 2min, 1h)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> n;
            case "min", "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n * 1000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    /** As the configuration would say it: 500ms, 10s, 2min. */
    static String text(Duration d) {
        long ms = d.toMillis();
        return ms % 60_000 == 0 && ms > 0 ? ms / 60_000 + "min" : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
