package io.github.kernellogger.reader.forward;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One sink's keys of a forwarder's configuration ({@code NAME.*}, the prefix removed), and how a
 * sink reads them: each failure an {@link IllegalArgumentException} whose message names the key
 * as the file writes it ({@code relp.window}) and what is wrong with it, which the forwarder
 * turns into one line and exit 2. Time spans are read in the grammar of {@code --since} and
 * {@code --timeout} (systemd.time(7)), which the command hands over.
 */
public final class SinkSettings {
    private final String sink;
    private final Map<String, String> entries;
    private final Function<String, Duration> spans;

    /**
     * @param sink the sink's name, the prefix of its keys; empty for the forwarder's own keys
     * @param entries its keys without the prefix, and their values
     * @param spans reads a time span, throwing IllegalArgumentException for one it cannot
     */
    public SinkSettings(String sink, Map<String, String> entries, Function<String, Duration> spans) {
        this.sink = sink;
        this.entries = Map.copyOf(entries);
        this.spans = spans;
    }

    /** The sink's name: {@code sink = NAME}. */
    public String sink() {
        return sink;
    }

    /** Every key given, without the prefix, and its value. */
    public Map<String, String> entries() {
        return entries;
    }

    /** The key as the file writes it: {@code NAME.key}, or {@code key} of the forwarder's own (no sink). */
    public String name(String key) {
        return sink.isEmpty() ? key : sink + "." + key;
    }

    /** Refuses a key not among {@code keys}, naming them all. */
    public void allowOnly(Set<String> keys) {
        Set<String> unknown = new TreeSet<>(entries.keySet());
        unknown.removeAll(keys);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(name(unknown.iterator().next()) + " is not a setting of the " + sink
                    + " sink (it has " + sink + "." + String.join(", " + sink + ".", new TreeSet<>(keys)) + ")");
        }
    }

    /** The value, trimmed; null if not given or blank. */
    public String get(String key) {
        String v = entries.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** The value; refused if missing, saying what it is ({@code what}). */
    public String required(String key, String what) {
        String v = get(key);
        if (v == null) {
            throw new IllegalArgumentException(name(key) + " is missing: " + what);
        }
        return v;
    }

    public boolean bool(String key, boolean otherwise) {
        String v = get(key);
        if (v == null) {
            return otherwise;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException(name(key) + " '" + v + "' is neither true nor false");
        };
    }

    public long number(String key, long otherwise, long min, long max) {
        String v = get(key);
        if (v == null) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(name(key) + " '" + v + "' is not a number in " + min + ".." + max);
    }

    /** A time span of more than 0, in the grammar of --timeout. */
    public Duration duration(String key, Duration otherwise) {
        String v = get(key);
        if (v == null) {
            return otherwise;
        }
        Duration d;
        try {
            d = spans.apply(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name(key) + ": " + e.getMessage(), e);
        }
        if (d.isZero()) {
            throw new IllegalArgumentException(name(key) + " must be more than 0");
        }
        return d;
    }

    public Path path(String key) {
        String v = get(key);
        return v == null ? null : Path.of(v);
    }

    /** One of {@code choices}, the first the default. */
    public String choice(String key, String... choices) {
        String v = get(key);
        if (v == null) {
            return choices[0];
        }
        for (String c : choices) {
            if (c.equals(v.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException(name(key) + " '" + v + "' is neither " + String.join(" nor ", choices));
    }
}
