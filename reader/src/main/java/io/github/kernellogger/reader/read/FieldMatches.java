package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * journalctl's field matches, {@code KEY=VALUE}: a record passes if, for every key given, it
 * shows that key with one of the values given for it ({@code TAG=a TAG=b THREAD=main}: TAG a or
 * b, and THREAD main). The keys and values are those of {@link RecordFields}, as {@code -o
 * verbose} shows them: {@code _PID=4242}, {@code PRIORITY=3}, {@code TAG=com.acme.Payments}.
 * Values are compared exactly, byte for byte.
 */
public final class FieldMatches implements Predicate<LogRecord> {
    private final List<String> keys;
    private final List<List<byte[]>> values;

    private FieldMatches(Map<String, List<byte[]>> byKey) {
        this.keys = List.copyOf(byKey.keySet());
        this.values = List.copyOf(byKey.values());
    }

    /** Whether {@code arg} is meant as a match rather than a filter spec: it has a '='. */
    public static boolean isMatch(String arg) {
        return arg.indexOf('=') >= 0;
    }

    /**
     * The matches of these arguments.
     *
     * @throws IllegalArgumentException naming the first that is none
     */
    public static FieldMatches parse(List<String> matches) {
        Map<String, List<byte[]>> byKey = new LinkedHashMap<>();
        for (String m : matches) {
            int eq = m.indexOf('=');
            String key = eq < 0 ? m : m.substring(0, eq);
            if (eq <= 0 || !RecordFields.isKey(key)) {
                throw new IllegalArgumentException("'" + m + "' is not a match KEY=VALUE: "
                        + (key.startsWith("_") ? "the fields the device stamps are " + String.join(", ", RecordFields.STAMPED)
                                : "a key is 1 to 64 of A-Z a-z 0-9 _ . -"));
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(m.substring(eq + 1).getBytes(StandardCharsets.UTF_8));
        }
        return new FieldMatches(byKey);
    }

    @Override
    public boolean test(LogRecord r) {
        for (int k = 0; k < keys.size(); k++) {
            if (!anyShown(r, keys.get(k), values.get(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyShown(LogRecord r, String key, List<byte[]> values) {
        for (byte[] v : values) {
            if (RecordFields.shows(r, key, v)) {
                return true;
            }
        }
        return false;
    }
}
