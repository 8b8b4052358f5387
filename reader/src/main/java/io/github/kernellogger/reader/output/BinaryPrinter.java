package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.BinaryRecords;
import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import io.github.kernellogger.reader.read.Reload;
import io.github.kernellogger.reader.read.SavedLog;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code -o binary}: a saved log ({@link SavedLog}), the records as the device gives them in
 * {@code LOGGER_FORMAT_BINARY_V2}, with a header where the log begins and where records were
 * lost or the module reloaded, for {@code --file} to read on this machine or another.
 */
final class BinaryPrinter implements RecordSink {
    private final OutputBuffer out;
    private String instance;

    BinaryPrinter(OutputStream out) {
        this.out = new OutputBuffer(out);
    }

    @Override
    public void begin(String instance) throws IOException {
        this.instance = instance;
        header(new SavedLog.Header(instance, false, null, null));
    }

    @Override
    public void record(LogRecord r) throws IOException {
        BinaryRecords.encode(r, out.claim(BinaryRecords.encodedSize(r)));
        out.endRecord();
    }

    @Override
    public void gap(Gap g) throws IOException {
        header(new SavedLog.Header(instance, false, null, g));
    }

    /**
     * A reload the reader saw happen is said as such; one it inferred from two load ids (of a
     * saved log read again) is left for the next reader to infer from the same two.
     */
    @Override
    public void reload(Reload r) throws IOException {
        instance = r.instance();
        header(new SavedLog.Header(r.instance(), r.fromOldest(), r.previousInstance(), null));
    }

    private void header(SavedLog.Header h) throws IOException {
        SavedLog.put(out.claim(SavedLog.HEADER_SIZE), h);
        out.endRecord();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
