package io.github.kernellogger.reader.output;

import io.github.kernellogger.reader.read.RecordSink;
import java.io.OutputStream;
import java.time.ZoneId;

/**
 * What a log holds rather than its records, as journalctl lists it: the values of a field
 * ({@code -F}), the names of the fields ({@code -N}), the loads of the module
 * ({@code --list-loads}). Each is a sink that prints once the run has ended.
 */
public final class Listings {
    private Listings() {}

    /** {@code -F FIELD}: the values {@code field} takes. */
    public static RecordSink fieldValues(OutputStream out, String field) {
        return new FieldListing(out, field);
    }

    /** {@code -N}: the names of the fields. */
    public static RecordSink fieldNames(OutputStream out) {
        return new FieldListing(out, null);
    }

    /** {@code --list-loads}: the loads of the module, with times in {@code zone}. */
    public static RecordSink loads(OutputStream out, ZoneId zone) {
        return new LoadList(out, zone);
    }
}
