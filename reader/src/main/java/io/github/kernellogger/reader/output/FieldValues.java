package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordFields;
import io.github.kernellogger.reader.read.RecordSink;
import io.github.kernellogger.reader.read.Reload;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code -F FIELD}, as journalctl's: the values one field takes in the records given, each once,
 * sorted, one a line, shown as the text formats show a writer's bytes ({@link SafeText}). Also
 * what the bash completion offers for {@code -u}, {@code -t} and {@code KEY=}.
 */
final class FieldValues implements RecordSink {
    private final OutputBuffer out;
    private final String field;
    private final Set<String> values = new TreeSet<>();
    private final OutputBuffer scratch = OutputBuffer.scratch();
    private RecordFields fields = new RecordFields(CgroupNames.NONE);
    private final RecordFields.Visitor visitor = new RecordFields.Visitor() {
        @Override
        public void number(String key, long value) {
            if (key.equals(field)) {
                values.add(Long.toString(value));
            }
        }

        @Override
        public void bytes(String key, byte[] value) {
            if (key.equals(field)) {
                scratch.truncate(0);
                SafeText.append(scratch, value, 0, TextMessage.end(value));
                values.add(new String(Arrays.copyOf(scratch.array(), scratch.length()), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    };

    FieldValues(OutputStream out, String field) {
        this.out = new OutputBuffer(out);
        this.field = field;
    }

    @Override
    public void cgroups(CgroupNames names) {
        fields = new RecordFields(names);
    }

    @Override
    public void begin(String instance) {
        // Values only.
    }

    @Override
    public void record(LogRecord r) {
        fields.visit(r, visitor);
    }

    @Override
    public void gap(Gap g) {
        // Values only.
    }

    @Override
    public void reload(Reload r) {
        // Values only.
    }

    @Override
    public void flush() {
        // Printed once all are known.
    }

    @Override
    public void settle() throws IOException {
        for (String v : values) {
            out.appendUtf8(v);
            out.append('\n');
            out.endRecord();
        }
        values.clear();
        out.flush();
    }
}
