package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.RecordFields;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;

/**
 * {@code -o cat}, as journalctl's: the message alone, without time or source, its lines as
 * written (no indent), shown through {@link SafeText} as every text format shows a writer's bytes
 * ({@code -o raw} is the one that leaves them untouched). With --output-fields, the values of the
 * fields named, each on a line of its own, in the order the record has them, instead of the
 * message. Losses and reloads are lines of their own, as in {@code -o short}.
 */
final class CatPrinter extends LinePrinter {
    /** The fields to show; null for the message alone. */
    private final Set<String> chosen;
    private RecordFields recordFields = new RecordFields(CgroupNames.NONE);
    private final RecordFields.Visitor values = new RecordFields.Visitor() {
        @Override
        public void number(String key, long value) {
            if (chosen.contains(key)) {
                out.appendDecimal(value);
                out.append('\n');
            }
        }

        @Override
        public void bytes(String key, byte[] value) {
            if (chosen.contains(key)) {
                TextMessage.append(out, value, 0, TextMessage.NO_TINT);
                out.append('\n');
            }
        }
    };

    /** @param chosen the fields to show (--output-fields); null for the message */
    CatPrinter(OutputStream out, Set<String> chosen) {
        super(out);
        this.chosen = chosen;
    }

    @Override
    public void cgroups(CgroupNames names) {
        recordFields = new RecordFields(names);
    }

    @Override
    public void record(LogRecord r) throws IOException {
        if (chosen == null) {
            TextMessage.append(out, r.payload(), 0, TextMessage.NO_TINT);
            out.append('\n');
        } else {
            recordFields.visit(r, values);
        }
        out.endRecord();
    }
}
