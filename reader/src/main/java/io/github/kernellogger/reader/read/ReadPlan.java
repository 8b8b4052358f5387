package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LogRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * What one run reads, as the options said it.
 *
 * @param device the device to read
 * @param mode a dump, a blocking follow, or a follow that polls
 * @param timeout how long a polling follow runs at most; null for no end
 * @param start where to start when there is no cursor to resume from
 * @param cursorFile where to resume from and to keep the cursor; null for none. When the file
 *     does not exist yet, the run starts at {@code start}, as journalctl's --cursor-file does
 * @param filter which records to deliver; every record is still seen for the cursor and for
 *     losses
 * @param readClear after a dump that was delivered whole, clear what was read
 */
public record ReadPlan(Path device, Mode mode, Duration timeout, Start start, CursorFile cursorFile,
        Predicate<LogRecord> filter, boolean readClear) {

    /** How to read: a dump, a blocking follow, or a follow that polls with a deadline. */
    public enum Mode { DUMP, FOLLOW, POLL }
}
