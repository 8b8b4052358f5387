package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LogRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which records to deliver: a record must pass every test given, each named after the option
 * that asked for it, so that a command can say which filters were given.
 */
public final class RecordFilter implements Predicate<LogRecord> {
    private final List<String> options;
    private final List<Predicate<LogRecord>> tests;

    private RecordFilter(List<String> options, List<Predicate<LogRecord>> tests) {
        this.options = List.copyOf(options);
        this.tests = List.copyOf(tests);
    }

    /** A filter that passes every record. */
    public static RecordFilter none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The options the tests come from, in the order they were added; empty for none. */
    public List<String> options() {
        return options;
    }

    @Override
    public boolean test(LogRecord r) {
        for (int i = 0; i < tests.size(); i++) {
            if (!tests.get(i).test(r)) {
                return false;
            }
        }
        return true;
    }

    /** Collects the tests of one filter. */
    public static final class Builder {
        private final List<String> options = new ArrayList<>();
        private final List<Predicate<LogRecord>> tests = new ArrayList<>();

        private Builder() {}

        /** Adds a test, from {@code option}. */
        public Builder add(String option, Predicate<LogRecord> test) {
            options.add(option);
            tests.add(test);
            return this;
        }

        public RecordFilter build() {
            return new RecordFilter(options, tests);
        }
    }

    /** A level in the range. */
    public static Predicate<LogRecord> priorities(PriorityRange range) {
        return r -> range.test(r.level());
    }

    public static Predicate<LogRecord> pid(int pid) {
        return r -> r.pid() == pid;
    }

    public static Predicate<LogRecord> uid(long uid) {
        return r -> r.uid() == uid;
    }

    /** Written by a thread of this name (the kernel's comm, at most 15 bytes). */
    public static Predicate<LogRecord> comm(String comm) {
        byte[] name = comm.getBytes(StandardCharsets.UTF_8);
        return r -> Arrays.equals(r.commBytes(), name);
    }

    /** Its tag ({@link TagPattern#tagOf}) matches one of these, as {@code -t} asks. */
    public static Predicate<LogRecord> tags(List<TagPattern> tags) {
        List<TagPattern> any = List.copyOf(tags);
        return r -> {
            String tag = TagPattern.tagOf(r);
            for (TagPattern t : any) {
                if (t.matches(tag)) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * Of one of these systemd units or slices ({@code -u}), as {@code cgroups} names the record's
     * cgroup; a record whose cgroup cannot be named is of none.
     */
    public static Predicate<LogRecord> units(List<UnitPattern> units, CgroupNames cgroups) {
        List<UnitPattern> any = List.copyOf(units);
        return r -> {
            Cgroup c = cgroups.name(r.cgroupId());
            if (c == null) {
                return false;
            }
            for (UnitPattern u : any) {
                if (u.matches(c)) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * Of a container whose id starts with one of these ({@code --container}, a full id or the
     * first characters of one as {@code docker ps} shows them), in lower-case hex.
     */
    public static Predicate<LogRecord> containers(List<String> idPrefixes, CgroupNames cgroups) {
        List<String> any = List.copyOf(idPrefixes);
        return r -> {
            Cgroup c = cgroups.name(r.cgroupId());
            if (c == null || c.containerId() == null) {
                return false;
            }
            for (String id : any) {
                if (c.containerId().startsWith(id)) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * The message matches {@code regex} somewhere. As journalctl's --grep: without an upper-case
     * letter in the pattern, case is ignored (in all of Unicode); with one, it is not.
     *
     * @param caseSensitive true or false to decide, as --case-sensitive does; null for the rule
     * @throws java.util.regex.PatternSyntaxException if {@code regex} is no regular expression
     */
    public static Predicate<LogRecord> grep(String regex, Boolean caseSensitive) {
        boolean exact = caseSensitive != null ? caseSensitive : regex.codePoints().anyMatch(Character::isUpperCase);
        Pattern pattern = Pattern.compile(regex, exact ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return r -> pattern.matcher(r.message()).find();
    }

    /** Written at {@code t} or later. */
    public static Predicate<LogRecord> since(Instant t) {
        long nanos = nanos(t);
        return r -> r.timestampNanos() >= nanos;
    }

    /** Written at {@code t} or earlier. */
    public static Predicate<LogRecord> until(Instant t) {
        long nanos = nanos(t);
        return r -> r.timestampNanos() <= nanos;
    }

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }
}
