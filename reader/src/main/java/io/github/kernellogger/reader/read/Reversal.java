package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LogRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A dump newest first, as journalctl's {@code -r}: everything is kept until the end of the run,
 * then delivered backwards. A loss stays between the records it was between. A reload, read
 * backwards, goes from the later load to the earlier: the sink is told the newest load first and
 * each reload the other way round, so that every record is shown with the load it is of.
 */
final class Reversal implements RecordSink {
    private final RecordSink next;
    private final List<Object> events = new ArrayList<>();
    private String instance;
    private boolean begun;
    private boolean delivered;

    Reversal(RecordSink next) {
        this.next = next;
    }

    @Override
    public void begin(String instance) {
        begun = true;
        this.instance = instance;
    }

    @Override
    public void record(LogRecord r) {
        events.add(r);
    }

    @Override
    public void gap(Gap g) {
        events.add(g);
    }

    @Override
    public void reload(Reload r) {
        events.add(r);
        instance = r.instance();
    }

    /** Whether the dump went on to the sink. */
    boolean delivered() {
        return delivered;
    }

    /** Nothing goes on before the end: the newest record is not known before. */
    @Override
    public void flush() {
        // Kept until settle().
    }

    @Override
    public void settle() throws IOException {
        if (!delivered) {
            delivered = true;
            if (begun) {
                next.begin(instance);
            }
            for (int i = events.size() - 1; i >= 0; i--) {
                Object e = events.get(i);
                RecordSink.replay(e instanceof Reload r ? new Reload(r.instance(), r.previousInstance(), false) : e, next);
            }
            events.clear();
        }
        next.settle();
    }

    @Override
    public Cursor accepted(Cursor read) {
        return next.accepted(read);
    }
}
