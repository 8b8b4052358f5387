package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.RecordFields;
import io.github.kernellogger.reader.read.RecordsOnly;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * journalctl's {@code -N} and {@code -F FIELD}: the names of the fields the records given have,
 * or the values one field takes in them, each once, sorted, one a line, once every record was
 * seen. Names are those {@code -o verbose} shows, {@code KEY=VALUE} matches and {@code -F} takes;
 * values are shown as the text formats show a writer's bytes ({@link SafeText}). The bash
 * completion asks them for what it offers after {@code -u}, {@code -t} and {@code KEY=}.
 */
final class FieldListing extends RecordsOnly {
    private final OutputBuffer out;
    /** The field whose values are listed; null to list the names. */
    private final String field;
    private final Set<String> listed = new TreeSet<>();
    private final OutputBuffer scratch = OutputBuffer.scratch();
    private RecordFields fields = new RecordFields(CgroupNames.NONE);
    private final RecordFields.Visitor visitor = new RecordFields.Visitor() {
        @Override
        public void number(String key, long value) {
            if (field == null) {
                listed.add(key);
            } else if (key.equals(field)) {
                listed.add(Long.toString(value));
            }
        }

        @Override
        public void bytes(String key, byte[] value) {
            if (field == null) {
                listed.add(key);
            } else if (key.equals(field)) {
                scratch.truncate(0);
                SafeText.append(scratch, value, 0, TextMessage.end(value));
                listed.add(new String(Arrays.copyOf(scratch.array(), scratch.length()), StandardCharsets.UTF_8));
            }
        }
    };

    /** @param field the field whose values to list; null to list the names of the fields */
    FieldListing(OutputStream out, String field) {
        this.out = new OutputBuffer(out);
        this.field = field;
    }

    @Override
    public void cgroups(CgroupNames names) {
        fields = new RecordFields(names);
    }

    @Override
    public void record(LogRecord r) {
        fields.visit(r, visitor);
    }

    @Override
    public void settle() throws IOException {
        for (String line : listed) {
            out.appendUtf8(line);
            out.append('\n');
            out.endRecord();
        }
        listed.clear();
        out.flush();
    }
}
