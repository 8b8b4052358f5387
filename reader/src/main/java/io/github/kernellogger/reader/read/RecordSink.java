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
 * (written, or acknowledged by whoever receives it): the loop keeps a cursor only past records
 * flushed, so that a run that fails is resumed after the last record accepted, and records are
 * delivered twice rather than never.
 */
public interface RecordSink {

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

    /** Pushes what is buffered on, and returns once all of it was accepted. */
    void flush() throws IOException;
}
