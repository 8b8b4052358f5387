package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.DeviceStats;
import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.LoggerDevice;
import io.github.kernellogger.device.LoggerDeviceException;
import io.github.kernellogger.reader.read.ReadPlan.Mode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records from one open file of the device, in ABI version 2's binary format when the module
 * speaks it (with fields), version 1's otherwise. It positions the file: after the cursor of the
 * cursor file if there is one, from the oldest record if the module was reloaded since that
 * cursor was kept, else where the plan's start says; and it notices records lost before they
 * were read ({@link GapTracker}). A reload shows in the cursor's load id ({@code instance_id}),
 * which differs from the module's ({@link Cursor#isOfAnotherLoad}).
 */
final class DeviceSource implements RecordSource {
    private final ReadPlan plan;
    private final Optional<Cursor> saved;
    private final List<LogRecord> batch = new ArrayList<>();

    /** -n K counts what passes the filter: read from the oldest, the last K are kept later. */
    private final boolean lastAfterFilter;
    private LoggerDevice dev;
    private GapTracker gaps;
    /** The seq the next record written when the run started got: the first not held then. */
    private long endAtStart;
    /** The module's load id, null for none (ABI version 1). */
    private String instance;

    /**
     * @param saved the cursor the plan's cursor file holds, if any
     * @param lastAfterFilter the plan's last K are those that pass its filter: read from the oldest
     */
    DeviceSource(ReadPlan plan, Optional<Cursor> saved, boolean lastAfterFilter) {
        this.plan = plan;
        // A cursor given on the command line is resumed from as a cursor file's is.
        this.saved = saved.isPresent() || !(plan.start() instanceof Start.AfterCursor given) ? saved
                : Optional.of(given.cursor());
        this.lastAfterFilter = lastAfterFilter;
    }

    @Override
    public void start(RecordSink to) throws IOException {
        try {
            open(to);
        } catch (LoggerDeviceException e) {
            throw DeviceErrors.explain(e, ((Input.Device) plan.input()).path());
        }
    }

    private void open(RecordSink to) throws IOException {
        Input.Device device = (Input.Device) plan.input();
        // A blocking follow reads without O_NONBLOCK, but not while -n's last K wait for the end of
        // what the ring held: a reader without CAP_SYSLOG may never see the last of it, and learns
        // that it is at the end only from a read that finds nothing (then it waits with poll()).
        dev = LoggerDevice.open(device.path(), LoggerDevice.Mode.READ, plan.mode() != Mode.FOLLOW || lastAfterFilter);
        if (plan.readClear()) {
            // Clearing below seq 0 drops nothing, but is refused as the real clear would be:
            // a reader that may not clear learns it before it prints anything.
            dev.clear(0);
        }
        DeviceStats before = dev.stats();
        instance = before.instanceId().isEmpty() ? null : before.instanceId();
        endAtStart = before.nextSeq();
        to.begin(instance);

        long resumeAfter = -1;
        long at;
        if (saved.isPresent() && saved.get().isOfAnotherLoad(instance, before.nextSeq())) {
            to.reload(new Reload(saved.get().instance(), instance, true));
            resumeAfter = 0; // everything of the new load is new
            at = dev.seekOldest();
        } else if (saved.isPresent()) {
            resumeAfter = saved.get().seq();
            at = dev.seekTo(resumeAfter + 1);
        } else if (plan.start() instanceof Start.Newest) {
            at = dev.seekEnd();
        } else if (plan.start() instanceof Start.Last last && !lastAfterFilter) {
            at = dev.seekLast(last.count());
        } else if (plan.start() instanceof Start.After after) {
            resumeAfter = after.seq();
            at = dev.seekTo(after.seq() + 1);
        } else {
            at = dev.seekOldest();
        }
        DeviceStats stats = dev.stats();
        gaps = new GapTracker(at, stats.readerMissed());
        // A seq the user gave beyond the newest (--after-seq) reads only new records.
        if (resumeAfter >= 0 && resumeAfter + 1 <= stats.nextSeq()) {
            Gap gap = gaps.resumedAfter(resumeAfter);
            if (gap != null) {
                to.gap(gap);
            }
        }
    }

    @Override
    public boolean read() throws IOException {
        batch.clear();
        return dev.readRecords(batch::add) > 0;
    }

    /**
     * Whether this file reads next at or beyond where the ring ended when the run started: the
     * kernel moves a cursor past the records its reader may not see, so a reader without
     * CAP_SYSLOG gets there too.
     */
    @Override
    public boolean caughtUp() throws IOException {
        return dev.position() >= endAtStart;
    }

    /** The batch, with the losses before each record. */
    @Override
    public void deliver(RecordSink to) throws IOException {
        gaps.missed(dev.stats().readerMissed());
        for (LogRecord r : batch) {
            Gap gap = gaps.record(r.seq());
            if (gap != null) {
                to.gap(gap);
            }
            to.record(r);
        }
    }

    @Override
    public void await(Duration timeout) throws IOException {
        dev.poll(timeout);
    }

    @Override
    public void finish(RecordSink to) throws IOException {
        Gap gap = gaps.finish();
        if (gap != null) {
            to.gap(gap);
        }
    }

    @Override
    public Cursor cursor() {
        return gaps == null ? null : new Cursor(Math.max(0, gaps.lastSeq()), instance);
    }

    @Override
    public long lost() {
        return gaps == null ? 0 : gaps.lost();
    }

    @Override
    public void done() throws IOException {
        if (plan.readClear() && gaps.lastSeq() > 0) {
            // Without filters and from the oldest record, what was read is what was printed.
            dev.clear(gaps.lastSeq() + 1);
        }
    }

    @Override
    public void close() throws IOException {
        if (dev != null) {
            dev.close();
        }
    }
}
