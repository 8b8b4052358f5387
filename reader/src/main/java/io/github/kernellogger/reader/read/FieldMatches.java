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
 * b, and THREAD main). A {@code +} between matches separates groups, of which a record must pass
 * one, as journalctl's {@code +} is an OR: {@code _PID=122 + TAG=x} passes the records of pid 122
 * and those tagged x. The keys and values are those of {@link RecordFields}, as {@code -o verbose}
 * shows them: {@code _PID=4242}, {@code PRIORITY=3}, {@code TAG=com.acme.Payments},
 * {@code _SYSTEMD_UNIT=nginx.service}. Values are compared exactly, byte for byte.
 */
public final class FieldMatches implements Predicate<LogRecord> {
    /** The OR between groups, as journalctl writes it. */
    public static final String OR = "+";

    /** One group: every key, with any of its values. */
    private record Group(List<String> keys, List<List<byte[]>> values) {}

    private final List<Group> groups;
    private final RecordFields fields;

    private FieldMatches(List<Group> groups, RecordFields fields) {
        this.groups = List.copyOf(groups);
        this.fields = fields;
    }

    /** Whether {@code arg} is meant as a match rather than a filter spec: it has a '='. */
    public static boolean isMatch(String arg) {
        return arg.indexOf('=') >= 0;
    }

    /**
     * The matches of these arguments, groups separated by {@link #OR}.
     *
     * @param fields the fields of records, as they are matched (and their cgroups named)
     * @throws IllegalArgumentException naming the first that is none, or a {@code +} with no match
     *     on one side
     */
    public static FieldMatches parse(List<String> matches, RecordFields fields) {
        List<Group> groups = new ArrayList<>();
        Map<String, List<byte[]>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < matches.size(); i++) {
            String m = matches.get(i);
            if (m.equals(OR)) {
                if (byKey.isEmpty() || i == matches.size() - 1) {
                    throw new IllegalArgumentException("'+' goes between two groups of matches, as journalctl's "
                            + "OR (_PID=122 + TAG=x): it has no match " + (byKey.isEmpty() ? "before" : "after") + " it");
                }
                groups.add(group(byKey));
                byKey = new LinkedHashMap<>();
                continue;
            }
            int eq = m.indexOf('=');
            String key = eq < 0 ? m : m.substring(0, eq);
            if (eq <= 0 || !RecordFields.isKey(key)) {
                throw new IllegalArgumentException("'" + m + "' is not a match KEY=VALUE: "
                        + (key.startsWith("_") ? "the fields of the device's stamps are " + String.join(", ", RecordFields.STAMPED)
                                : "a key is 1 to 64 of A-Z a-z 0-9 _ . -"));
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(m.substring(eq + 1).getBytes(StandardCharsets.UTF_8));
        }
        if (!byKey.isEmpty()) {
            groups.add(group(byKey));
        }
        return new FieldMatches(groups, fields);
    }

    private static Group group(Map<String, List<byte[]>> byKey) {
        return new Group(List.copyOf(byKey.keySet()), List.copyOf(byKey.values()));
    }

    @Override
    public boolean test(LogRecord r) {
        for (Group g : groups) {
            if (passes(r, g)) {
                return true;
            }
        }
        return groups.isEmpty();
    }

    private boolean passes(LogRecord r, Group g) {
        for (int k = 0; k < g.keys().size(); k++) {
            if (!anyShown(r, g.keys().get(k), g.values().get(k))) {
                return false;
            }
        }
        return true;
    }

    private boolean anyShown(LogRecord r, String key, List<byte[]> values) {
        for (byte[] v : values) {
            if (fields.shows(r, key, v)) {
                return true;
            }
        }
        return false;
    }
}
