package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code -o raw}: each payload as it was written, bytes untouched, then a newline; a payload
 * that already ends with a newline gets no second one.
 */
final class RawPrinter implements RecordSink {
    private final OutputBuffer out;

    RawPrinter(OutputStream out) {
        this.out = new OutputBuffer(out);
    }

    @Override
    public void record(LogRecord r) throws IOException {
        byte[] payload = r.payload();
        out.append(payload, 0, TextMessage.end(payload));
        out.append('\n');
        out.endRecord();
    }

    @Override
    public void gap(Gap g) throws IOException {
        out.appendAscii(g.describe());
        out.append('\n');
        out.endRecord();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
