package io.github.kernellogger.reader;

import io.github.kernellogger.reader.output.OutputFormat;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.RecordSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;

/** Saved logs (-o binary) for the tests of --file, written as a run of -o binary writes them. */
public final class SavedLogs {
    private SavedLogs() {}

    /**
     * Writes {@code events} (records, losses, reloads) into {@code file} as a run of -o binary
     * that began at load {@code instance} and named cgroups as {@code names} does.
     */
    public static Path write(Path file, CgroupNames names, String instance, List<?> events) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            RecordSink binary = OutputFormat.BINARY.open(out, false, ZoneOffset.UTC);
            binary.cgroups(names);
            binary.begin(instance);
            for (Object e : events) {
                RecordSink.replay(e, binary);
            }
            binary.flush();
        }
        return file;
    }
}
