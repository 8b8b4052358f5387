package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordFields;
import io.github.kernellogger.reader.read.RecordSink;
import io.github.kernellogger.reader.read.Reload;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code -N}, as journalctl's: the names of the fields the records given have, each once,
 * sorted, one a line: the names {@code -o verbose} shows, {@code KEY=VALUE} matches and
 * {@code -F} takes. Also what the bash completion offers for {@code KEY=}.
 */
final class FieldNames implements RecordSink {
    private final OutputBuffer out;
    private final Set<String> names = new TreeSet<>();
    private RecordFields fields = new RecordFields(CgroupNames.NONE);
    private final RecordFields.Visitor visitor = new RecordFields.Visitor() {
        @Override
        public void number(String key, long value) {
            names.add(key);
        }

        @Override
        public void bytes(String key, byte[] value) {
            names.add(key);
        }

        @Override
        public void text(String key, String value) {
            names.add(key);
        }
    };

    FieldNames(OutputStream out) {
        this.out = new OutputBuffer(out);
    }

    @Override
    public void cgroups(CgroupNames names) {
        fields = new RecordFields(names);
    }

    @Override
    public void begin(String instance) {
        // Names only.
    }

    @Override
    public void record(LogRecord r) {
        fields.visit(r, visitor);
    }

    @Override
    public void gap(Gap g) {
        // Names only.
    }

    @Override
    public void reload(Reload r) {
        // Names only.
    }

    @Override
    public void flush() {
        // Printed once all are known.
    }

    @Override
    public void settle() throws IOException {
        for (String n : names) {
            out.appendAscii(n);
            out.append('\n');
        }
        names.clear();
        out.flush();
    }
}
