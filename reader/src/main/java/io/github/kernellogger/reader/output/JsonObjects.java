package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.Reload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The objects of {@code -o json} one at a time, each in bytes of its own without the newline
 * that ends its line, for a sink that sends each on its own (a Kafka record each). The bytes are
 * {@link JsonPrinter}'s, so that there is one JSON form of a record, and what it keeps from one
 * record to the next (the writer, the fields, the load id) it keeps here too: give it the load,
 * the records, the losses and the reloads in order, as to a printer. Not thread-safe.
 */
public final class JsonObjects {

    /** The bytes the printer wrote since the last object was taken. */
    private static final class Written extends ByteArrayOutputStream {
        /** What was written but its last byte, the newline; then empty again. */
        byte[] takeLine() {
            byte[] line = Arrays.copyOf(buf, count - 1);
            reset();
            return line;
        }
    }

    private final Written written = new Written();
    private final JsonPrinter printer = new JsonPrinter(written);

    /** What names the records' cgroups, for their {@code cgroup} object. */
    public void cgroups(CgroupNames names) {
        printer.cgroups(names);
    }

    /** The load of the module the records come from: its load id, or null where it has none. */
    public void begin(String instance) {
        printer.begin(instance);
    }

    /** The object of a record. */
    public byte[] record(LogRecord r) {
        try {
            printer.record(r);
        } catch (IOException e) {
            throw inMemory(e);
        }
        return take();
    }

    /** The object of a loss: {@code {"type":"gap",...}}. */
    public byte[] gap(Gap g) {
        try {
            printer.gap(g);
        } catch (IOException e) {
            throw inMemory(e);
        }
        return take();
    }

    /** The object of a reload, {@code {"type":"reload",...}}; the records after it have its load id. */
    public byte[] reload(Reload r) {
        try {
            printer.reload(r);
        } catch (IOException e) {
            throw inMemory(e);
        }
        return take();
    }

    private byte[] take() {
        try {
            printer.flush();
        } catch (IOException e) {
            throw inMemory(e);
        }
        return written.takeLine();
    }

    /** A write to memory cannot fail. */
    private static UncheckedIOException inMemory(IOException e) {
        return new UncheckedIOException("a write to memory failed", e);
    }
}
