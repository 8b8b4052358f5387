package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LogRecord;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * {@code -n K} after the filters, as journalctl counts: of the records that pass, only the last K,
 * with the losses and reloads between them and after the last. It keeps them (K records at most)
 * until {@link #release}: the end of a dump, or, in a follow, the moment the records written
 * before the run have all been read; from then on everything passes as it comes.
 *
 * <p>The records before the window are dropped, and what came before them; what came between the
 * last of them and the window's first record stays, as it happened right before a record shown.
 * The load the window starts in is announced first ({@link RecordSink#begin}), so that a window after a reload is not
 * taken for the load before it.
 */
final class LastRecords implements RecordSink {
    private final long count;
    private final RecordSink next;
    /** Records, losses and reloads of the window, in order. */
    private final ArrayDeque<Object> window = new ArrayDeque<>();
    private long records;
    /** The load the window starts in: where the log began, moved on by the reloads dropped. */
    private String startInstance;
    private boolean begun;
    private boolean released;

    LastRecords(long count, RecordSink next) {
        this.count = count;
        this.next = next;
    }

    @Override
    public void begin(String instance) throws IOException {
        if (released) {
            next.begin(instance);
        } else if (!begun) {
            begun = true;
            startInstance = instance;
        }
    }

    @Override
    public void record(LogRecord r) throws IOException {
        if (released) {
            next.record(r);
            return;
        }
        window.addLast(r);
        if (++records > count) {
            // The oldest record goes, and what came before it.
            Object dropped;
            do {
                dropped = window.removeFirst();
                if (dropped instanceof Reload reload) {
                    startInstance = reload.instance();
                }
            } while (!(dropped instanceof LogRecord));
            records--;
        }
    }

    @Override
    public void gap(Gap g) throws IOException {
        if (released) {
            next.gap(g);
        } else if (count > 0) {
            window.addLast(g);
        }
    }

    @Override
    public void reload(Reload r) throws IOException {
        if (released) {
            next.reload(r);
        } else if (count > 0) {
            window.addLast(r);
        } else {
            startInstance = r.instance();
        }
    }

    /** Delivers the window; from now on everything passes as it comes. */
    void release() throws IOException {
        if (released) {
            return;
        }
        released = true;
        if (begun) {
            next.begin(startInstance);
        }
        for (Object e : window) {
            RecordSink.replay(e, next);
        }
        window.clear();
    }

    boolean released() {
        return released;
    }

    @Override
    public void flush() throws IOException {
        next.flush();
    }

    @Override
    public void settle() throws IOException {
        release();
        next.settle();
    }

    @Override
    public Cursor accepted(Cursor read) {
        return next.accepted(read);
    }

    @Override
    public String toString() {
        return "LastRecords[" + count + ", " + (released ? "released" : Objects.toString(records) + " kept") + "]";
    }
}
