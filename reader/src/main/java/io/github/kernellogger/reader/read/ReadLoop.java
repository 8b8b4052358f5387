package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.DeviceStats;
import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.LoggerDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Reads records from one open file of the device and prints them: positions the cursor, reads
 * batch after batch, filters, reports losses, keeps the cursor file, and stops when there is
 * nothing left (a dump), at the deadline (--poll --timeout), or on a signal. A failure to
 * deliver (the sink throws) ends the run with that failure.
 *
 * <p>The cursor file never runs ahead of the output: it is written only after what it covers
 * was flushed to the sink without error, so a run that fails to deliver is resumed from the
 * last point that was delivered, and records are read twice rather than skipped. Likewise
 * {@code --read-clear} clears only after the whole dump was delivered.
 *
 * <p>A batch is printed under {@link #lock}, so that a shutdown on Ctrl-C or SIGTERM
 * ({@link #shutDown}) finds the output and cursor between batches, flushes and writes them, and
 * the run ends cleanly.
 */
public final class ReadLoop {

    /** Where to start reading. */
    public sealed interface Start permits Oldest, Newest, Last, After, Cursor {}

    public record Oldest() implements Start {}

    /** Only records written from now on. */
    public record Newest() implements Start {}

    public record Last(long count) implements Start {}

    /** Right after a seq the user saved. */
    public record After(long seq) implements Start {}

    /** Right after the seq in a cursor file, or at the oldest if it does not exist yet. */
    public record Cursor(CursorFile file) implements Start {}

    /** How to read: a dump, a blocking follow, or a follow that polls with a deadline. */
    public enum Mode { DUMP, FOLLOW, POLL }

    private final Path device;
    private final Mode mode;
    private final Duration timeout;
    private final Start start;
    private final Predicate<LogRecord> filter;
    private final RecordSink printer;
    private final boolean readClear;
    private final Object lock = new Object();

    private LoggerDevice dev;
    private GapTracker gaps;
    private CursorFile cursorFile;
    private long lastPrinted = -1;

    public ReadLoop(Path device, Mode mode, Duration timeout, Start start, Predicate<LogRecord> filter,
            RecordSink printer, boolean readClear) {
        this.device = device;
        this.mode = mode;
        this.timeout = timeout;
        this.start = start;
        this.filter = filter;
        this.printer = printer;
        this.readClear = readClear;
    }

    /** Records lost before they were read, so far. */
    public long lost() {
        return gaps == null ? 0 : gaps.lost();
    }

    /** Reads until the mode says stop. */
    public void run() throws IOException {
        dev = LoggerDevice.open(device, LoggerDevice.Mode.READ, mode != Mode.FOLLOW);
        try {
            dev.setFormat(LoggerDevice.Format.BINARY);
            position();
            List<LogRecord> batch = new ArrayList<>();
            long deadline = mode == Mode.POLL && timeout != null
                    ? System.nanoTime() + timeout.toNanos() : Long.MAX_VALUE;
            for (;;) {
                batch.clear();
                if (dev.readRecords(batch::add) == 0) {
                    if (mode == Mode.DUMP) {
                        break;
                    }
                    // POLL: nothing now; wait for a record or the deadline.
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    dev.poll(deadline == Long.MAX_VALUE ? Duration.ofMillis(-1)
                            : Duration.ofNanos(left));
                    continue;
                }
                synchronized (lock) {
                    gaps.missed(dev.stats().readerMissed());
                    for (LogRecord r : batch) {
                        Gap gap = gaps.record(r.seq());
                        if (gap != null) {
                            printer.gap(gap);
                        }
                        if (filter.test(r)) {
                            printer.record(r);
                            lastPrinted = r.seq();
                        }
                    }
                    endBatch();
                }
            }
            synchronized (lock) {
                finish();
            }
        } finally {
            dev.close();
        }
    }

    /** Puts the cursor where {@link #start} says, reporting records gone since a resume point. */
    private void position() throws IOException {
        long resumeAfter = -1;
        long at;
        if (start instanceof Newest) {
            at = dev.seekEnd();
        } else if (start instanceof Last last) {
            at = dev.seekLast(last.count());
        } else if (start instanceof After after) {
            resumeAfter = after.seq();
            at = dev.seekTo(after.seq() + 1);
        } else if (start instanceof Cursor cursor) {
            cursorFile = cursor.file();
            OptionalLong saved = cursorFile.read();
            if (saved.isPresent()) {
                resumeAfter = saved.getAsLong();
                at = dev.seekTo(resumeAfter + 1);
            } else {
                at = dev.seekOldest();
            }
        } else {
            at = dev.seekOldest();
        }
        DeviceStats stats = dev.stats();
        gaps = new GapTracker(at, stats.readerMissed());
        if (resumeAfter >= 0) {
            // Past the newest (a seq from another boot of the module)? Then all is new.
            Gap gap = resumeAfter + 1 <= stats.nextSeq() ? gaps.resumedAfter(resumeAfter) : null;
            if (gap != null) {
                printer.gap(gap);
            }
        }
    }

    /**
     * After each batch, a follow flushes, so that a watcher sees each batch at once, and then
     * saves the cursor. A dump does both once, at the end.
     */
    private void endBatch() throws IOException {
        if (mode != Mode.DUMP) {
            printer.flush();
            saveCursor();
        }
    }

    private void saveCursor() throws IOException {
        if (cursorFile != null && gaps != null && gaps.lastSeq() > 0) {
            cursorFile.write(gaps.lastSeq());
        }
    }

    /** The end of a run: trailing losses, the output, the cursor, and --read-clear. */
    private void finish() throws IOException {
        Gap gap = gaps.finish();
        if (gap != null) {
            printer.gap(gap);
        }
        printer.flush();
        saveCursor();
        if (readClear && lastPrinted > 0) {
            dev.clear(lastPrinted + 1);
        }
    }

    /**
     * Ends a run from a shutdown hook (Ctrl-C, SIGTERM): waits for the batch being printed,
     * then flushes the output and, if that worked, writes the cursor.
     */
    public void shutDown() {
        synchronized (lock) {
            try {
                printer.flush();
                saveCursor();
            } catch (IOException | RuntimeException e) {
                // The process is ending; nothing better to do than to end it.
            }
        }
    }
}
