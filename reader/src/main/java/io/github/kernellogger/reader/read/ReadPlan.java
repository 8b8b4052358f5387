package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LogRecord;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * What one run reads, as the options said it.
 *
 * @param input the device, or a saved log
 * @param mode a dump, a blocking follow, or a follow that polls; a saved log on a stream is
 *     always dumped, a saved file may be followed as it grows (the forwarder's --file)
 * @param timeout how long a polling follow runs at most; null for no end
 * @param start where to start when there is no cursor to resume from; of a saved log, the
 *     oldest, the last records or after a cursor only. The last records ({@link Start.Last}) are the last that
 *     pass the filter, as journalctl's -n counts
 * @param cursorFile where to resume from and to keep the cursor; null for none (always, for a
 *     saved log on a stream, which cannot be read again). When the file does not exist yet, the
 *     run starts at {@code start}, as journalctl's --cursor-file does
 * @param filter which records to deliver; every record is still seen for the cursor and for
 *     losses. A {@link RecordFilter} with tests hides records, and then a loss or a reload is
 *     delivered only beside a record that passes ({@link Filtering}); any other predicate is
 *     taken to pass every record
 * @param readClear after a dump of the device that was delivered whole, clear what was read
 * @param maxRecords deliver at most this many records, then end the run (logcat's -m, and
 *     journalctl's -n +N with a start at the oldest); -1 for no limit
 * @param reverse deliver a dump newest first (journalctl's -r)
 * @param cgroups what names the records' cgroups: this machine's for the device, the log's own
 *     for a saved log ({@link #namesFor})
 */
public record ReadPlan(Input input, Mode mode, Duration timeout, Start start, CursorFile cursorFile,
        Predicate<LogRecord> filter, boolean readClear, long maxRecords, boolean reverse, CgroupNames cgroups) {

    public ReadPlan {
        if (input instanceof Input.SavedStream && (mode != Mode.DUMP || cursorFile != null)) {
            throw new IllegalArgumentException("a saved log on a stream is dumped, without a cursor file");
        }
        if (!(input instanceof Input.Device)) {
            if (readClear || !(start instanceof Start.Oldest
                    || mode == Mode.DUMP && (start instanceof Start.Last || start instanceof Start.AfterCursor))) {
                throw new IllegalArgumentException("a saved log is read from its oldest records (or dumped "
                        + "from its last, or after a cursor), without a clear");
            }
        }
        if (reverse && mode != Mode.DUMP) {
            throw new IllegalArgumentException("only a dump is delivered newest first");
        }
    }

    /** A plan without a limit, in the order written, the cgroups named as {@link #namesFor} says. */
    public ReadPlan(Input input, Mode mode, Duration timeout, Start start, CursorFile cursorFile,
            Predicate<LogRecord> filter, boolean readClear) {
        this(input, mode, timeout, start, cursorFile, filter, readClear, -1, false, namesFor(input));
    }

    /**
     * What names the cgroups of records read from {@code input}: this machine for the device;
     * for a saved log, only what the log itself says (its ids may mean other cgroups here).
     */
    public static CgroupNames namesFor(Input input) {
        return input instanceof Input.Device ? MachineCgroups.ofThisMachine() : new SavedCgroups();
    }

    /**
     * Whether the filter hides records: a {@link RecordFilter} with tests. Any other predicate
     * (a forwarder's, which passes every record) is taken to pass every record.
     */
    boolean filters() {
        return filter instanceof RecordFilter f && !f.options().isEmpty();
    }

    /** How to read: a dump, a blocking follow, or a follow that polls with a deadline. */
    public enum Mode { DUMP, FOLLOW, POLL }
}
