package io.github.kernellogger.reader.command;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.ForwardingRecordSink;
import io.github.kernellogger.reader.read.RecordSink;
import java.io.IOException;

/**
 * A dump on a terminal that showed no record ends with {@code -- No entries --}, as journalctl's
 * does: an empty screen after {@code -p err} then says that the log holds no error, not that the
 * reader did nothing. Only for people: into a pipe, an empty result stays empty.
 */
final class NoEntries extends ForwardingRecordSink {
    private final StandardOutput out;
    private boolean shown;

    NoEntries(RecordSink printer, StandardOutput out) {
        super(printer);
        this.out = out;
    }

    @Override
    public void record(LogRecord r) throws IOException {
        shown = true;
        next.record(r);
    }

    @Override
    public void settle() throws IOException {
        next.settle();
        if (!shown) {
            out.println("-- No entries --");
            out.flush();
        }
    }
}
