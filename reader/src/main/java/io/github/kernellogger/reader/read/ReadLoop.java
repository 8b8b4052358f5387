package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.DeviceStats;
import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.LoggerDevice;
import io.github.kernellogger.reader.read.ReadPlan.Mode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads records from one open file of the device and delivers them: positions the cursor, reads
 * batch after batch, filters, reports losses, keeps the cursor file, and stops when there is
 * nothing left (a dump), at the deadline (--poll --timeout), or on a signal. A failure to
 * deliver (the sink throws) ends the run with that failure.
 *
 * <p>The cursor file never runs ahead of the output: it is written only after what it covers
 * was flushed to the sink without error, so a run that fails to deliver is resumed from the
 * last point that was delivered, and records are read twice rather than skipped. Likewise
 * {@code --read-clear} clears only after the whole dump was delivered.
 *
 * <p>A batch is delivered under {@link #lock}, so that a shutdown on Ctrl-C or SIGTERM
 * ({@link #shutDown}) finds the output and cursor between batches, flushes and writes them, and
 * the run ends cleanly.
 */
public final class ReadLoop {
    private final ReadPlan plan;
    private final RecordSink sink;
    private final Object lock = new Object();

    private LoggerDevice dev;
    private GapTracker gaps;

    public ReadLoop(ReadPlan plan, RecordSink sink) {
        this.plan = plan;
        this.sink = sink;
    }

    /** Records lost before they were read, so far. */
    public long lost() {
        return gaps == null ? 0 : gaps.lost();
    }

    /** Reads until the mode says stop. */
    public void run() throws IOException {
        dev = LoggerDevice.open(plan.device(), LoggerDevice.Mode.READ, plan.mode() != Mode.FOLLOW);
        try {
            if (plan.readClear()) {
                // Clearing below seq 0 drops nothing, but is refused as the real clear would be:
                // a reader that may not clear learns it before it prints anything.
                dev.clear(0);
            }
            dev.setFormat(LoggerDevice.Format.BINARY);
            position();
            List<LogRecord> batch = new ArrayList<>();
            long deadline = plan.mode() == Mode.POLL && plan.timeout() != null
                    ? System.nanoTime() + plan.timeout().toNanos() : Long.MAX_VALUE;
            for (;;) {
                batch.clear();
                if (dev.readRecords(batch::add) == 0) {
                    if (plan.mode() == Mode.DUMP) {
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
                    deliver(batch);
                }
            }
            synchronized (lock) {
                finish();
            }
        } finally {
            dev.close();
        }
    }

    /**
     * Puts the cursor after the one in the cursor file if there is one, else where the plan's
     * start says, and reports the records gone since a resume point.
     */
    private void position() throws IOException {
        Optional<Cursor> saved = plan.cursorFile() == null ? Optional.empty() : plan.cursorFile().read();
        long resumeAfter = -1;
        long at;
        if (saved.isPresent()) {
            resumeAfter = saved.get().seq();
            at = dev.seekTo(resumeAfter + 1);
        } else if (plan.start() instanceof Start.Newest) {
            at = dev.seekEnd();
        } else if (plan.start() instanceof Start.Last last) {
            at = dev.seekLast(last.count());
        } else if (plan.start() instanceof Start.After after) {
            resumeAfter = after.seq();
            at = dev.seekTo(after.seq() + 1);
        } else {
            at = dev.seekOldest();
        }
        DeviceStats stats = dev.stats();
        gaps = new GapTracker(at, stats.readerMissed());
        if (resumeAfter >= 0) {
            // Past the newest (a seq from another load of the module)? Then all is new.
            Gap gap = resumeAfter + 1 <= stats.nextSeq() ? gaps.resumedAfter(resumeAfter) : null;
            if (gap != null) {
                sink.gap(gap);
            }
        }
    }

    /** One batch: losses before each record, the records that pass; a follow flushes it. */
    private void deliver(List<LogRecord> batch) throws IOException {
        gaps.missed(dev.stats().readerMissed());
        for (LogRecord r : batch) {
            Gap gap = gaps.record(r.seq());
            if (gap != null) {
                sink.gap(gap);
            }
            if (plan.filter().test(r)) {
                sink.record(r);
            }
        }
        if (plan.mode() != Mode.DUMP) {
            // A watcher sees each batch at once; a dump flushes once, at the end.
            sink.flush();
            saveCursor();
        }
    }

    /** The end of a run: trailing losses, the output, the cursor, and --read-clear. */
    private void finish() throws IOException {
        Gap gap = gaps.finish();
        if (gap != null) {
            sink.gap(gap);
        }
        sink.flush();
        saveCursor();
        if (plan.readClear() && gaps.lastSeq() > 0) {
            // Without filters and from the oldest record, what was read is what was printed.
            dev.clear(gaps.lastSeq() + 1);
        }
    }

    /** Call only after the sink was flushed without error. */
    private void saveCursor() throws IOException {
        if (plan.cursorFile() != null && gaps != null && gaps.lastSeq() > 0) {
            plan.cursorFile().write(new Cursor(gaps.lastSeq(), null));
        }
    }

    /**
     * Ends a run from a shutdown hook (Ctrl-C, SIGTERM): waits for the batch being delivered,
     * then flushes the output and, if that worked, writes the cursor.
     */
    public void shutDown() {
        synchronized (lock) {
            try {
                sink.flush();
                saveCursor();
            } catch (IOException | RuntimeException e) {
                // The process is ending; nothing better to do than to end it.
            }
        }
    }
}
