package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LogRecord;
import java.io.IOException;

/**
 * Where the read loop delivers what it read: the records that pass the filter, in seq order,
 * and the losses between them. The output formats implement it; a failure to deliver is an
 * {@link IOException}, and the loop then keeps no cursor past what was delivered.
 */
public interface RecordSink {

    void record(LogRecord r) throws IOException;

    void gap(Gap g) throws IOException;

    /** Pushes what is buffered to the stream below. */
    void flush() throws IOException;
}
