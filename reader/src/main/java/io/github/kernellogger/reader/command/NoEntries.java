package io.github.kernellogger.reader.command;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.Cursor;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import io.github.kernellogger.reader.read.Reload;
import java.io.IOException;

/**
 * A dump on a terminal that showed no record ends with {@code -- No entries --}, as journalctl's
 * does: an empty screen after {@code -p err} then says that the log holds no error, not that the
 * reader did nothing. Only for people: into a pipe, an empty result stays empty.
 */
final class NoEntries implements RecordSink {
    private final RecordSink printer;
    private final StandardOutput out;
    private boolean shown;

    NoEntries(RecordSink printer, StandardOutput out) {
        this.printer = printer;
        this.out = out;
    }

    @Override
    public void cgroups(CgroupNames names) {
        printer.cgroups(names);
    }

    @Override
    public void begin(String instance) throws IOException {
        printer.begin(instance);
    }

    @Override
    public void record(LogRecord r) throws IOException {
        shown = true;
        printer.record(r);
    }

    @Override
    public void gap(Gap g) throws IOException {
        printer.gap(g);
    }

    @Override
    public void reload(Reload r) throws IOException {
        printer.reload(r);
    }

    @Override
    public void flush() throws IOException {
        printer.flush();
    }

    @Override
    public void settle() throws IOException {
        printer.settle();
        if (!shown) {
            out.println("-- No entries --");
            out.flush();
        }
    }

    @Override
    public Cursor accepted(Cursor read) {
        return printer.accepted(read);
    }
}
