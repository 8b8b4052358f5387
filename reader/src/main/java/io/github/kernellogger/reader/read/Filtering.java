package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LogRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The filter, in the stream a source delivers: records pass if they match. Without a filter,
 * losses and reloads pass as they come. Where a filter hides records, they wait for the next
 * record that passes and are delivered just before it, the losses between two reloads summed into
 * one, as journalctl shows a boot's separator only before an entry of that boot: so {@code -p err}
 * shows one line for the records lost between two errors, not one per loss among the records it
 * hid. What waits when the run ends has no record shown after it and is not delivered: the
 * summary of the run still counts the records lost (the source counts them whatever is shown).
 */
final class Filtering implements RecordSink {
    private final Predicate<LogRecord> filter;
    private final boolean hides;
    private final RecordSink next;
    /** Losses (merged) and reloads waiting for a record shown, in order. */
    private final List<Object> waiting = new ArrayList<>();

    /** @param hides whether {@code filter} hides records (else markers pass as they come) */
    Filtering(Predicate<LogRecord> filter, boolean hides, RecordSink next) {
        this.filter = filter;
        this.hides = hides;
        this.next = next;
    }

    @Override
    public void begin(String instance) throws IOException {
        next.begin(instance);
    }

    @Override
    public void record(LogRecord r) throws IOException {
        if (filter.test(r)) {
            deliverWaiting();
            next.record(r);
        }
    }

    @Override
    public void gap(Gap g) throws IOException {
        if (!hides) {
            next.gap(g);
        } else if (!waiting.isEmpty() && waiting.get(waiting.size() - 1) instanceof Gap last) {
            waiting.set(waiting.size() - 1, new Gap(last.lost() + g.lost(), Math.min(last.firstSeq(), g.firstSeq()),
                    Math.max(last.lastSeq(), g.lastSeq())));
        } else {
            waiting.add(g);
        }
    }

    @Override
    public void reload(Reload r) throws IOException {
        if (hides) {
            waiting.add(r);
        } else {
            next.reload(r);
        }
    }

    private void deliverWaiting() throws IOException {
        for (Object w : waiting) {
            RecordSink.replay(w, next);
        }
        waiting.clear();
    }

    @Override
    public void flush() throws IOException {
        next.flush();
    }

    /** The end of the run: what waits has no record shown after it. */
    @Override
    public void settle() throws IOException {
        waiting.clear();
        next.settle();
    }

    @Override
    public Cursor accepted(Cursor read) {
        return next.accepted(read);
    }
}
