package io.github.kernellogger.reader.read;

/**
 * The logger module was unloaded and loaded again since the records before: its seqs began again
 * at 1, and whatever the old load still held is gone. A reader learns it from the load id
 * ({@code instance_id}) a cursor or a saved log holds beside its seqs.
 *
 * @param previousInstance the load id of the records before, or null where it is not known (a
 *     cursor of an earlier version, a module of ABI version 1)
 * @param instance the load id of the records after, or null likewise
 * @param fromOldest the reader went on from the oldest record the new load holds, as a reader
 *     resuming from a cursor does; false where it only saw the ids change, in a saved log
 */
public record Reload(String previousInstance, String instance, boolean fromOldest) {

    /** The line the text formats print. */
    public String describe() {
        return fromOldest ? "-- the logger module was reloaded; reading from its oldest record --"
                : "-- the logger module was reloaded --";
    }
}
