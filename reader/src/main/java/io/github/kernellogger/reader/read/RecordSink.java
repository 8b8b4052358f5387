package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LogRecord;
import java.io.IOException;

/**
 * Where the read loop delivers what it read: first the load of the module the records come from,
 * then the records that pass the filter, in seq order, and what happened between them (records
 * lost, the module reloaded), each where it happened. The output formats implement it, and so
 * can a forwarder that hands records to another system.
 *
 * <p>A sink may block in any method for as long as it needs to accept what it was given (a
 * forwarder waiting for its server), and refuses by throwing an {@link IOException}: the run then
 * ends with that failure. {@link #flush} returns only when everything given so far was accepted
 * (written, or acknowledged by whoever receives it), or, for a sink that learns it only later,
 * sent; {@link #accepted} then says how far it is sure. The loop keeps a cursor only past records
 * accepted, so that a run that fails is resumed after the last record accepted, and records are
 * delivered twice rather than never.
 */
public interface RecordSink {

    /**
     * Before anything else: what names the cgroups of the records of this run ({@link
     * CgroupNames}), for a sink that shows their units or containers. The names of a saved log
     * are learnt as it is read, before the first record of each cgroup is delivered.
     */
    default void cgroups(CgroupNames names) {
        // A sink that shows no cgroup needs no names.
    }

    /**
     * Before anything else: the load of the module the records come from.
     *
     * @param instance its load id ({@code instance_id}, 32 hex digits), or null where the module
     *     has none (ABI version 1)
     */
    void begin(String instance) throws IOException;

    void record(LogRecord r) throws IOException;

    /** Records lost before the next record delivered. */
    void gap(Gap g) throws IOException;

    /** The module was reloaded before the next record delivered: seqs begin again. */
    void reload(Reload r) throws IOException;

    /**
     * Pushes what is buffered on, and returns once all of it was accepted, or, by a sink whose
     * receiver says so only later, sent ({@link #accepted}). Called after every batch.
     */
    void flush() throws IOException;

    /**
     * At the end of a run (the end of a dump, SIGTERM): pushes what is buffered on and returns
     * only once all of it was accepted, however long that takes, so that {@link #accepted} is
     * then the last record given.
     */
    default void settle() throws IOException {
        flush();
    }

    /**
     * How far the cursor may go once {@link #flush} returned: {@code read}, the cursor of the
     * last record given, for a sink that has seen everything it was given accepted. A sink that
     * cannot say so yet (a syslog sink over TCP, which learns it only when a connection ends well)
     * returns the cursor just before the oldest record it is not sure of, so that a run resumed
     * from the cursor file gives it those again.
     */
    default Cursor accepted(Cursor read) {
        return read;
    }

    /**
     * Gives {@code to} one event kept for later: a {@link LogRecord}, a {@link Gap} or a
     * {@link Reload}, as the stages that hold some back ({@link LastRecords}, {@link Filtering})
     * and a test that writes a log keep them.
     *
     * @throws IllegalArgumentException if {@code event} is none of these
     */
    static void replay(Object event, RecordSink to) throws IOException {
        if (event instanceof LogRecord r) {
            to.record(r);
        } else if (event instanceof Gap g) {
            to.gap(g);
        } else if (event instanceof Reload r) {
            to.reload(r);
        } else {
            throw new IllegalArgumentException("not a record, a loss or a reload: " + event);
        }
    }
}
