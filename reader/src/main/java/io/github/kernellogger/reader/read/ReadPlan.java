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
 *     oldest or the last records only
 * @param cursorFile where to resume from and to keep the cursor; null for none (always, for a
 *     saved log on a stream, which cannot be read again). When the file does not exist yet, the
 *     run starts at {@code start}, as journalctl's --cursor-file does
 * @param filter which records to deliver; every record is still seen for the cursor and for
 *     losses
 * @param readClear after a dump of the device that was delivered whole, clear what was read
 */
public record ReadPlan(Input input, Mode mode, Duration timeout, Start start, CursorFile cursorFile,
        Predicate<LogRecord> filter, boolean readClear) {

    public ReadPlan {
        if (input instanceof Input.SavedStream && (mode != Mode.DUMP || cursorFile != null)) {
            throw new IllegalArgumentException("a saved log on a stream is dumped, without a cursor file");
        }
        if (!(input instanceof Input.Device)) {
            if (readClear || !(start instanceof Start.Oldest || mode == Mode.DUMP && start instanceof Start.Last)) {
                throw new IllegalArgumentException("a saved log is read from its oldest records (or dumped "
                        + "from its last), without a clear");
            }
        }
    }

    /** How to read: a dump, a blocking follow, or a follow that polls with a deadline. */
    public enum Mode { DUMP, FOLLOW, POLL }
}
