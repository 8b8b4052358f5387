package io.github.kernellogger.device;

/**
 * The counters of {@code /dev/logger} ({@code LOGGER_IOC_GET_STATS}). Unsigned 32-bit fields
 * are widened to {@code long}.
 *
 * <p>Invariant, for a file that reads every user's records: {@code recordsWritten == recordsHeld
 * + recordsDropped + recordsCleared}. A file that may read only its own uid's records (ABI version
 * 3, {@link LoggerDevice#rights}) gets {@code recordsHeld} and {@code bufferUsed} of its own
 * records, its own {@code readerMissed}, the seqs and the ring's settings, and 0 for the counters
 * that would tell of other users: bytes and records written, dropped, cleared, refused writes and
 * readers.
 *
 * @param bytesWritten payload bytes accepted since the module was loaded
 * @param recordsWritten records accepted since the module was loaded
 * @param recordsDropped records evicted because the ring wrapped
 * @param recordsCleared records removed by a clear
 * @param writesRejected writes refused (payload or batch too large, a malformed frame, a bad
 *     pointer); nothing of them was stored
 * @param firstSeq seq of the oldest record held ({@code == nextSeq} when empty)
 * @param nextSeq seq the next record written will get
 * @param readerMissed records evicted before the file asking could read them
 * @param bufferSize bytes in the ring
 * @param bufferUsed bytes the records held take
 * @param recordsHeld records in the ring now
 * @param readers open files with read access
 * @param maxPayload the largest payload one write may carry
 * @param maxBatch the most bytes one framed write may carry; 0 from an ABI version 1 module
 * @param instanceId the load's random id, 32 lowercase hex digits; empty from an ABI version 1
 *     module. A reader that saved a seq compares it to tell that the module was reloaded since,
 *     so that its seqs began again at 1
 */
public record DeviceStats(long bytesWritten, long recordsWritten, long recordsDropped,
        long recordsCleared, long writesRejected, long firstSeq, long nextSeq, long readerMissed,
        long bufferSize, long bufferUsed, long recordsHeld, long readers, long maxPayload,
        long maxBatch, String instanceId) {

    /** The counters of an ABI version 1 module, which has no max_batch nor instance_id. */
    public DeviceStats(long bytesWritten, long recordsWritten, long recordsDropped,
            long recordsCleared, long writesRejected, long firstSeq, long nextSeq,
            long readerMissed, long bufferSize, long bufferUsed, long recordsHeld, long readers,
            long maxPayload) {
        this(bytesWritten, recordsWritten, recordsDropped, recordsCleared, writesRejected,
                firstSeq, nextSeq, readerMissed, bufferSize, bufferUsed, recordsHeld, readers,
                maxPayload, 0, "");
    }

    /** The share of the ring in use, 0..100. */
    public double fillPercent() {
        return bufferSize == 0 ? 0 : 100.0 * bufferUsed / bufferSize;
    }
}
