package io.github.kernellogger.reader.read;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * Where {@link ReadLoop} gets records: the device ({@link DeviceSource}) or a saved log
 * ({@link SavedLogSource}). A source reads a batch ({@link #read}) without holding the loop's
 * lock, since a read may block, and then hands it over ({@link #deliver}) under it: the records
 * and, where they happened, the losses and reloads between them.
 */
interface RecordSource extends Closeable {

    /**
     * Positions the source as the plan says, and delivers what comes before the first record:
     * the load the records come from, and a reload or loss since the cursor resumed from.
     */
    void start(RecordSink to) throws IOException;

    /**
     * Reads the next batch and holds it for {@link #deliver}.
     *
     * @return false if there is nothing more now: of a non-blocking device, nothing yet; of a
     *     saved log, its end
     */
    boolean read() throws IOException;

    /**
     * Whether every record written before the run started has been read (and delivered): a
     * follow's -n K can then show its last K and go on as records come. False where it cannot
     * tell; {@link #read} returning false says it then.
     */
    boolean caughtUp() throws IOException;

    /** Hands the batch {@link #read} holds to {@code to}, in order. */
    void deliver(RecordSink to) throws IOException;

    /**
     * Waits until there is something to read or the time is up; only for a follow of the device.
     *
     * @param timeout negative: as long as it takes
     */
    void await(Duration timeout) throws IOException;

    /** Delivers the losses noticed after the last record, when reading stops. */
    void finish(RecordSink to) throws IOException;

    /** Where the source stands, for the cursor file: the last record read; null before the start. */
    Cursor cursor();

    /** Records lost before they were read, so far. */
    long lost();

    /**
     * After a dump that was delivered whole and, if asked, its cursor kept: what the plan says
     * to do once done (--read-clear: clear what was read).
     */
    void done() throws IOException;
}
