package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import io.github.kernellogger.reader.read.Reload;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --list-loads}, as journalctl's {@code --list-boots}: the loads of the module the records
 * given are of, oldest first, each with its index (0 the newest, -1 the one before, as journalctl
 * counts boots), its load id, the times of its first and last record and how many it has:
 *
 * <pre>
 * IDX LOAD ID                          FIRST RECORD                        LAST RECORD                         RECORDS
 *  -1 5c0e21f4a3b24c6f8e1d9a7b6c5d4e3f Wed 2026-11-25 16:04:22.124401 UTC  Wed 2026-11-25 16:04:23.001207 UTC       12
 *   0 0123456789abcdef0123456789abcdef Wed 2026-11-25 17:10:00.000131 UTC  Wed 2026-11-25 17:12:41.500042 UTC     4711
 * </pre>
 *
 * The device holds the records of its present load only; a saved log holds those of every load
 * its runs read, appended. A load of a module without load ids (ABI version 1) is {@code -}.
 */
final class LoadList implements RecordSink {
    /** One load: its id, its records and their times. */
    private static final class Load {
        final String instance;
        long records;
        long first;
        long last;

        Load(String instance) {
            this.instance = instance;
        }
    }

    private final OutputBuffer out;
    private final TimeText time;
    private final List<Load> loads = new ArrayList<>();

    LoadList(OutputStream out, ZoneId zone) {
        this.out = new OutputBuffer(out);
        this.time = new TimeText("EEE uuuu-MM-dd HH:mm:ss", 6, "' 'zzz", zone);
    }

    @Override
    public void begin(String instance) {
        loads.add(new Load(instance));
    }

    @Override
    public void record(LogRecord r) {
        if (loads.isEmpty()) {
            loads.add(new Load(null));
        }
        Load l = loads.get(loads.size() - 1);
        if (l.records++ == 0) {
            l.first = r.timestampNanos();
        }
        l.last = r.timestampNanos();
    }

    @Override
    public void gap(Gap g) {
        // Loads only.
    }

    @Override
    public void reload(Reload r) {
        if (!loads.isEmpty() && loads.get(loads.size() - 1).records == 0) {
            loads.remove(loads.size() - 1); // a load the log has no record of
        }
        loads.add(new Load(r.instance()));
    }

    @Override
    public void flush() {
        // Printed once all are known.
    }

    @Override
    public void settle() throws IOException {
        int idWidth = 32;
        out.appendAscii(String.format("%3s %-" + idWidth + "s %-35s %-35s %7s%n", "IDX", "LOAD ID", "FIRST RECORD",
                "LAST RECORD", "RECORDS"));
        for (int i = 0; i < loads.size(); i++) {
            Load l = loads.get(i);
            out.appendAscii(String.format("%3d %-" + idWidth + "s ", i - (loads.size() - 1),
                    l.instance == null ? "-" : l.instance));
            timeOrDash(l.records == 0 ? null : l.first);
            out.append(' ');
            timeOrDash(l.records == 0 ? null : l.last);
            out.appendAscii(String.format(" %7d%n", l.records));
        }
        loads.clear();
        out.flush();
    }

    private void timeOrDash(Long nanos) {
        int mark = out.length();
        if (nanos == null) {
            out.append('-');
        } else {
            time.append(out, nanos);
        }
        out.appendSpaces(Math.max(0, 35 - out.columnsSince(mark)));
    }
}
