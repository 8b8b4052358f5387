package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** {@code -o raw}: each payload as it was written, bytes untouched, then a newline. */
final class RawPrinter implements RecordSink {
    private final OutputStream out;

    RawPrinter(OutputStream out) {
        this.out = new BufferedOutputStream(out, 1 << 16);
    }

    @Override
    public void record(LogRecord r) throws IOException {
        out.write(r.payload());
        out.write('\n');
    }

    @Override
    public void gap(Gap g) throws IOException {
        out.write((g.describe() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
