package io.github.kernellogger.reader.output;

import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import io.github.kernellogger.reader.read.Reload;
import java.io.IOException;
import java.io.OutputStream;

/**
 * What the text formats ({@code -o short}, {@code short-iso}, {@code verbose}, {@code raw}) have in
 * common: records are lines in an {@link OutputBuffer}, and losses and reloads are lines of their
 * own, in the reader's words, where they happened, as dmesg and journalctl print theirs.
 */
abstract class LinePrinter implements RecordSink {
    protected final OutputBuffer out;

    LinePrinter(OutputStream out) {
        this.out = new OutputBuffer(out);
    }

    @Override
    public void begin(String instance) {
        // The load of the module shows only where it changes.
    }

    @Override
    public void gap(Gap g) throws IOException {
        out.appendAsciiLine(g.describe());
        out.endRecord();
    }

    @Override
    public void reload(Reload r) throws IOException {
        out.appendAsciiLine(r.describe());
        out.endRecord();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
