package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.LogRecord;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code -o raw}: each payload as it was written, bytes untouched, then a newline; a payload
 * that already ends with a newline gets no second one. Losses and reloads are lines of their own,
 * as in {@code -o short}.
 */
final class RawPrinter extends LinePrinter {

    RawPrinter(OutputStream out) {
        super(out);
    }

    @Override
    public void record(LogRecord r) throws IOException {
        byte[] payload = r.payload();
        out.append(payload, 0, TextMessage.end(payload));
        out.append('\n');
        out.endRecord();
    }
}
