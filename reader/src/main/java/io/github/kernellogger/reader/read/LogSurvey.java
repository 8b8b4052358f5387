package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.RecordField;
import java.io.IOException;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tags and the writers' field names a log holds, read before the log is shown, so that an
 * argument can be checked against them: a bare word on the command line is a filter spec only if
 * it names a tag the log has ({@code Payments} for {@code Payments:V}), and a word that names none
 * is more likely a typo of an option or a command than a filter that hides everything. One more
 * read of the log, made only when such a word is given; a saved log on a stream cannot be read
 * twice, so it has none ({@link #of} gives null).
 *
 * @param tags every record's tag ({@link TagPattern#tagOf})
 * @param fields the keys of the writers' fields
 */
public record LogSurvey(Set<String> tags, Set<String> fields) {

    /**
     * Reads all of {@code input} as it is now.
     *
     * @return its tags and fields, or null for a stream, which cannot be read twice
     * @throws IOException as the read itself would fail (the device missing, a damaged file)
     */
    public static LogSurvey of(Input input) throws IOException {
        if (input instanceof Input.SavedStream) {
            return null;
        }
        Set<String> tags = new TreeSet<>();
        Set<String> fields = new TreeSet<>();
        RecordSink collect = new RecordsOnly() {
            @Override
            public void record(LogRecord r) {
                tags.add(TagPattern.tagOf(r));
                for (RecordField f : r.fields()) {
                    fields.add(f.key());
                }
            }
        };
        new ReadLoop(new ReadPlan(input, ReadPlan.Mode.DUMP, null, new Start.Oldest(), null, RecordFilter.none(), false,
                -1, false, CgroupNames.NONE), collect).run();
        return new LogSurvey(Collections.unmodifiableSet(tags), Collections.unmodifiableSet(fields));
    }

    /** Whether a record of the log has a tag that {@code pattern} matches. */
    public boolean hasTag(TagPattern pattern) {
        for (String t : tags) {
            if (pattern.matches(t)) {
                return true;
            }
        }
        return false;
    }
}
