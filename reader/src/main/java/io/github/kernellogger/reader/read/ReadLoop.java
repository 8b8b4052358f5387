package io.github.kernellogger.reader.read;

import io.github.kernellogger.reader.read.ReadPlan.Mode;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads records from the device or a saved log and delivers them to a {@link RecordSink}: positions
 * the source, reads batch after batch, filters, reports losses and reloads, keeps the cursor file,
 * and stops when there is nothing left (a dump), at the deadline (--poll --timeout), or on a
 * signal. A failure to deliver (the sink throws) ends the run with that failure.
 *
 * <p>The cursor file never runs ahead of what the sink accepted: it is written only after the
 * records it covers were flushed to the sink without error, so a run that fails to deliver is
 * resumed from the last point that was delivered, and records are read twice rather than skipped.
 * Likewise {@code --read-clear} clears only after the whole dump was delivered. A forwarder whose
 * sink returns from {@link RecordSink#flush} only once its server acknowledged everything gets
 * the same promise for what it forwards.
 *
 * <p>Between the source and the sink, the stream passes the filter ({@link Filtering}), then what
 * -n, -m and -r ask ({@link LastRecords}, {@link FirstRecords}, {@link Reversal}): -n counts the
 * records that pass the filter, as journalctl's does.
 *
 * <p>A batch is delivered under {@link #lock}, so that a shutdown on Ctrl-C or SIGTERM
 * ({@link #shutDown}) finds the output and cursor between batches, flushes and writes them, and
 * the run ends cleanly. Another thread may also end a run with a failure ({@link #abort}: a
 * forwarder whose sink failed while no record came), which a run waiting for records sees
 * within {@link #ABORT_POLL}.
 */
public final class ReadLoop {
    private final ReadPlan plan;
    private final RecordSink sink;
    private final Object lock = new Object();
    /** How long a run that waits for records goes without looking for an {@link #abort}. */
    static final Duration ABORT_POLL = Duration.ofMillis(200);

    private RecordSource source;
    /** The first stage of the stream: the filter, then what -n, -m and -r ask. */
    private RecordSink stages;
    /** -n K after the filter, until the records written before the run were read; or null. */
    private LastRecords last;
    /** -m N, -n +N; or null. */
    private FirstRecords first;
    /** -r; or null. */
    private Reversal reversal;
    /** The cursor the cursor file holds: read at the start, then as last written. */
    private Cursor kept;
    /** The run is over: the source is closed, and the sink is the caller's again. */
    private boolean ended;
    /** Set by {@link #abort}: the run ends with it. Guarded by {@link #lock}. */
    private IOException aborted;

    public ReadLoop(ReadPlan plan, RecordSink sink) {
        this.plan = plan;
        this.sink = sink;
    }

    /** Records lost before they were read, so far. */
    public long lost() {
        return source == null ? 0 : source.lost();
    }

    /**
     * The stages between the source and the sink, last first: -r, -m, -n after the filter, the
     * filter.
     */
    private RecordSink stages(boolean lastAfterFilter) {
        RecordSink s = sink;
        if (plan.reverse()) {
            s = reversal = new Reversal(s);
        }
        if (plan.maxRecords() >= 0) {
            s = first = new FirstRecords(plan.maxRecords(), s);
        }
        if (lastAfterFilter) {
            s = last = new LastRecords(((Start.Last) plan.start()).count(), s);
        }
        return new Filtering(plan.filter(), plan.filters(), s);
    }

    /** Reads until the mode says stop. */
    public void run() throws IOException {
        if (plan.cursorFile() != null) {
            kept = plan.cursorFile().read().orElse(null);
        }
        // -n counts the records that pass the filter. The device can seek to its last K records,
        // which is all -n needs when nothing is filtered; else, and of a saved log, the source reads
        // from the oldest and the last K that pass are kept.
        boolean device = plan.input() instanceof Input.Device;
        boolean lastAfterFilter = kept == null && plan.start() instanceof Start.Last
                && (!device || plan.filters());
        stages = stages(lastAfterFilter);
        RecordSource s = device ? new DeviceSource(plan, Optional.ofNullable(kept), lastAfterFilter)
                : new SavedLogSource(plan, Optional.ofNullable(kept));
        try (s) {
            synchronized (lock) {
                source = s;
                sink.cgroups(plan.cgroups());
                s.start(stages);
            }
            // A follow shows each batch at once; so does a saved log, which may arrive through a
            // pipe (tail -f FILE | logger-reader --file -). A dump of the device flushes at the end.
            boolean eachBatch = plan.mode() != Mode.DUMP || !device;
            long deadline = plan.mode() == Mode.POLL && plan.timeout() != null
                    ? System.nanoTime() + plan.timeout().toNanos() : Long.MAX_VALUE;
            for (;;) {
                throwIfAborted();
                if (first != null && first.done()) {
                    break;
                }
                if (last != null && !last.released() && s.caughtUp()) {
                    releaseLast();
                }
                if (!s.read()) {
                    if (last != null && !last.released()) {
                        releaseLast();
                    }
                    if (plan.mode() == Mode.DUMP) {
                        break;
                    }
                    // POLL: nothing now; wait for a record or the deadline, looking for an abort.
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    s.await(Duration.ofNanos(Math.min(left, ABORT_POLL.toNanos())));
                    continue;
                }
                synchronized (lock) {
                    throwIfAborted();
                    s.deliver(stages);
                    if (eachBatch) {
                        sink.flush();
                        saveCursor();
                    }
                }
            }
            synchronized (lock) {
                s.finish(stages);
                stages.settle();
                saveCursor();
                flushCursor();
                s.done();
            }
        } finally {
            synchronized (lock) {
                ended = true;
            }
        }
    }

    /** Call only holding the lock: the end of a run writes the cursor the file may hold back. */
    private void flushCursor() throws IOException {
        if (plan.cursorFile() != null) {
            plan.cursorFile().flush();
        }
    }

    /**
     * From another thread while the loop runs: ends the run with {@code cause} (its sink failed
     * while the loop waited for records, say), before the next batch is delivered and at the
     * latest {@link #ABORT_POLL} after it, if the run waits for records (--poll: a follow with
     * {@code -f} blocks in the device until a record comes).
     */
    public void abort(IOException cause) {
        synchronized (lock) {
            if (aborted == null) {
                aborted = cause;
            }
        }
    }

    private void throwIfAborted() throws IOException {
        synchronized (lock) {
            if (aborted != null) {
                throw aborted;
            }
        }
    }

    /** The records written before the run were read: -n's last K go out, and from now on all. */
    private void releaseLast() throws IOException {
        synchronized (lock) {
            last.release();
            if (plan.mode() != Mode.DUMP) {
                sink.flush();
                saveCursor();
            }
        }
    }

    /**
     * Call only holding the lock, after the sink was flushed without error: keeps the cursor as
     * far as the sink has accepted. Not while records read are kept back from the sink (-n's last
     * K before they go out, -r's whole dump): the cursor would run ahead of what was delivered.
     */
    private void saveCursor() throws IOException {
        if (last != null && !last.released() || reversal != null && !reversal.delivered()) {
            return;
        }
        Cursor now = source == null ? null : source.cursor();
        if (now != null) {
            now = stages.accepted(now);
        }
        if (plan.cursorFile() != null && now != null && !now.equals(kept)) {
            plan.cursorFile().write(now);
            kept = now;
        }
        if (plan.cursorFile() != null) {
            plan.cursorFile().flushIfDue(); // one the file held back earlier, once its interval passed
        }
    }

    /**
     * From another thread while the loop runs (a forwarder's timer, whose sink accepts records
     * as time passes): waits for the batch being delivered, flushes the sink and keeps the
     * cursor as far as it accepted. Does nothing before the run has started or after it ended.
     *
     * @throws IOException if the sink failed, or the cursor could not be written
     */
    public void checkpoint() throws IOException {
        synchronized (lock) {
            if (source != null && !ended) {
                sink.flush();
                saveCursor();
            }
        }
    }

    /**
     * Ends a run from a shutdown hook (Ctrl-C, SIGTERM): waits for the batch being delivered,
     * then settles the output (everything given accepted) and, if that worked, writes the cursor.
     */
    public void shutDown() {
        synchronized (lock) {
            try {
                if (!ended) {
                    (stages != null ? stages : sink).settle();
                    saveCursor();
                    flushCursor();
                }
            } catch (IOException | RuntimeException e) {
                // The process is ending; nothing better to do than to end it.
            }
        }
    }
}
