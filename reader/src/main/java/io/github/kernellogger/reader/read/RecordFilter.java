package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Which records to print; a record must pass every filter given. */
public final class RecordFilter implements Predicate<LogRecord> {
    private final SyslogLevel minLevel;
    private final Integer pid;
    private final Long uid;
    private final String comm;
    private final Pattern grep;
    private final long sinceNanos;
    private final long untilNanos;

    /** Null for a filter not given. */
    public RecordFilter(SyslogLevel minLevel, Integer pid, Long uid, String comm, Pattern grep,
            Instant since, Instant until) {
        this.minLevel = minLevel;
        this.pid = pid;
        this.uid = uid;
        this.comm = comm;
        this.grep = grep;
        this.sinceNanos = since == null ? Long.MIN_VALUE : nanos(since);
        this.untilNanos = until == null ? Long.MAX_VALUE : nanos(until);
    }

    public static RecordFilter none() {
        return new RecordFilter(null, null, null, null, null, null, null);
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Override
    public boolean test(LogRecord r) {
        return (minLevel == null || r.level().isAtLeast(minLevel))
                && (pid == null || r.pid() == pid)
                && (uid == null || r.uid() == uid)
                && (comm == null || r.comm().equals(comm))
                && r.timestampNanos() >= sinceNanos
                && r.timestampNanos() <= untilNanos
                && (grep == null || grep.matcher(r.message()).find());
    }
}
