package io.github.kernellogger.reader.forward;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.output.OutputFormat;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;

/**
 * A saved log (-o binary) that a test writes and appends to while a forwarder follows it with
 * {@code --file}, as the device would give records: each append is a run of -o binary.
 */
final class SavedLogFile {
    private final Path path;
    private final String instance;

    SavedLogFile(Path path, String instance) {
        this.path = path;
        this.instance = instance;
    }

    Path path() {
        return path;
    }

    String instance() {
        return instance;
    }

    /** What one append writes. */
    interface Entries {
        void write(RecordSink sink) throws IOException;
    }

    void append(Entries entries) {
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            RecordSink binary = OutputFormat.BINARY.open(out, false, ZoneOffset.UTC);
            binary.begin(instance);
            entries.write(binary);
            binary.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void append(LogRecord... records) {
        append(sink -> {
            for (LogRecord r : records) {
                sink.record(r);
            }
        });
    }

    void appendGap(Gap g, LogRecord after) {
        append(sink -> {
            sink.gap(g);
            sink.record(after);
        });
    }
}
