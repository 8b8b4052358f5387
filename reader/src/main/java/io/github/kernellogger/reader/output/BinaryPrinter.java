package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.BinaryRecords;
import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.Cgroup;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import io.github.kernellogger.reader.read.Reload;
import io.github.kernellogger.reader.read.SavedLog;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code -o binary}: a saved log ({@link SavedLog}), the records as the device gives them in
 * {@code LOGGER_FORMAT_BINARY_V2}, with a header where the log begins, where records were lost or
 * the module reloaded, and before the first record of each cgroup, naming it as the reader could
 * name it then (so that its units show wherever the log is read), for {@code --file} to read on
 * this machine or another.
 */
final class BinaryPrinter implements RecordSink {
    private final OutputBuffer out;
    private String instance;
    private CgroupNames cgroups = CgroupNames.NONE;
    /** The cgroups this output has named so far. */
    private final Set<Long> named = new HashSet<>();
    private long lastNamed;

    BinaryPrinter(OutputStream out) {
        this.out = new OutputBuffer(out);
    }

    @Override
    public void begin(String instance) throws IOException {
        this.instance = instance;
        header(new SavedLog.Header(instance, false, null, null));
    }

    @Override
    public void cgroups(CgroupNames names) {
        cgroups = names;
    }

    /** Before the first record of each cgroup, what its id names here and now, if anything. */
    @Override
    public void record(LogRecord r) throws IOException {
        long id = r.cgroupId();
        if (id != 0 && id != lastNamed) {
            lastNamed = id;
            if (named.add(id)) {
                Cgroup c = cgroups.name(id);
                header(new SavedLog.Header(instance, false, null, null,
                        new SavedLog.CgroupName(id, c == null ? null : c.path())));
            }
        }
        BinaryRecords.encode(r, out.claim(BinaryRecords.encodedSize(r)));
        out.endRecord();
    }

    @Override
    public void gap(Gap g) throws IOException {
        header(new SavedLog.Header(instance, false, null, g));
    }

    /**
     * A reload the reader saw happen is said as such; one it inferred from two load ids (of a
     * saved log read again) is left for the next reader to infer from the same two.
     */
    @Override
    public void reload(Reload r) throws IOException {
        instance = r.instance();
        header(new SavedLog.Header(r.instance(), r.fromOldest(), r.previousInstance(), null));
    }

    private void header(SavedLog.Header h) throws IOException {
        SavedLog.put(out.claim(h.size()), h);
        out.endRecord();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
