package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LogRecord;
import java.io.IOException;

/**
 * At most so many records (logcat's {@code -m N}, journalctl's {@code -n +N}): the records that
 * pass, up to the limit, with what came before each; then nothing more, and the run ends
 * ({@link #done}), in a follow too.
 */
final class FirstRecords implements RecordSink {
    private final long limit;
    private final RecordSink next;
    private long records;
    /** The load of the records now, and the last record delivered: where a resumed run goes on. */
    private String instance;
    private Cursor lastDelivered;

    FirstRecords(long limit, RecordSink next) {
        this.limit = limit;
        this.next = next;
    }

    /** Whether the limit was reached: the run may end. */
    boolean done() {
        return records >= limit;
    }

    @Override
    public void begin(String instance) throws IOException {
        this.instance = instance;
        next.begin(instance);
    }

    @Override
    public void record(LogRecord r) throws IOException {
        if (!done()) {
            records++;
            lastDelivered = new Cursor(r.seq(), instance);
            next.record(r);
        }
    }

    @Override
    public void gap(Gap g) throws IOException {
        if (!done()) {
            next.gap(g);
        }
    }

    @Override
    public void reload(Reload r) throws IOException {
        if (!done()) {
            instance = r.instance();
            next.reload(r);
        }
    }

    @Override
    public void flush() throws IOException {
        next.flush();
    }

    @Override
    public void settle() throws IOException {
        next.settle();
    }

    /** Once done, the last record delivered: those read after it are for a later run. */
    @Override
    public Cursor accepted(Cursor read) {
        return next.accepted(done() ? lastDelivered : read);
    }
}
