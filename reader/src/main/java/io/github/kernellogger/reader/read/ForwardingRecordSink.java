package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LogRecord;
import java.io.IOException;

/**
 * A stage in front of another sink that passes everything on unchanged, for a stage to override
 * only what it changes (as Guava's {@code Forwarding*} classes do): the {@code -n} windows, the
 * filter, the note of an empty result. What it passes on includes {@link #accepted}, so that a
 * stage never moves the cursor past what the sink behind it accepted.
 */
public abstract class ForwardingRecordSink implements RecordSink {
    /** The sink behind this stage. */
    protected final RecordSink next;

    protected ForwardingRecordSink(RecordSink next) {
        this.next = next;
    }

    @Override
    public void cgroups(CgroupNames names) {
        next.cgroups(names);
    }

    @Override
    public void begin(String instance) throws IOException {
        next.begin(instance);
    }

    @Override
    public void record(LogRecord r) throws IOException {
        next.record(r);
    }

    @Override
    public void gap(Gap g) throws IOException {
        next.gap(g);
    }

    @Override
    public void reload(Reload r) throws IOException {
        next.reload(r);
    }

    @Override
    public void flush() throws IOException {
        next.flush();
    }

    @Override
    public void settle() throws IOException {
        next.settle();
    }

    @Override
    public Cursor accepted(Cursor read) {
        return next.accepted(read);
    }
}
