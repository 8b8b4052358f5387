package io.github.kernellogger.reader;

import io.github.kernellogger.device.LogRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;

/** Prints records, and the losses between them, in one output format. */
interface RecordPrinter {

    void record(LogRecord r) throws IOException;

    void gap(Gap g) throws IOException;

    /** Pushes what is buffered to the stream below. */
    void flush() throws IOException;

    /** The formats of {@code -o}. */
    enum Format {
        /** Local time, level, comm[pid/tid], message; colored on a terminal. */
        SHORT,
        /** One JSON object a line. */
        JSON,
        /** The payload only. */
        RAW;

        RecordPrinter open(OutputStream out, boolean color, ZoneId zone) {
            return switch (this) {
                case SHORT -> new ShortPrinter(out, color, zone);
                case JSON -> new JsonPrinter(out);
                case RAW -> new RawPrinter(out);
            };
        }
    }
}
