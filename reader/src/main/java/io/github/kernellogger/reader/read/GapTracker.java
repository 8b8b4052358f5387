package io.github.kernellogger.reader.read;

/**
 * Notices records lost before they were read, from two signs: the seqs a reader gets jump, and
 * the device's count of records this reader missed (LOGGER_IOC_GET_STATS reader_missed) grows.
 * A jump alone is not a loss: a reader without CAP_SYSLOG skips other users' records, and a
 * clear drops records on purpose; the count alone does not say where. Together they do: each
 * jump is a loss of as many records as the count grew and the jump can hold.
 */
final class GapTracker {
    private long lastSeq;
    private long missedSeen;
    private long pending;
    private long lost;

    /**
     * @param positionedAt the seq the reader was positioned at
     * @param missedNow reader_missed at that moment
     */
    GapTracker(long positionedAt, long missedNow) {
        this.lastSeq = positionedAt - 1;
        this.missedSeen = missedNow;
    }

    /**
     * A reader resuming after {@code afterSeq} found itself positioned later, because the
     * records in between were overwritten while nobody read.
     *
     * @return that gap, or null
     */
    Gap resumedAfter(long afterSeq) {
        long expected = afterSeq + 1;
        if (lastSeq + 1 <= expected) {
            return null;
        }
        Gap gap = new Gap(lastSeq + 1 - expected, expected, lastSeq);
        lost += gap.lost();
        return gap;
    }

    /** The device's reader_missed now; read after each batch, before its records are walked. */
    void missed(long missedNow) {
        pending += missedNow - missedSeen;
        missedSeen = missedNow;
    }

    /** A record read, in order. @return the loss just before it, or null */
    Gap record(long seq) {
        long jump = seq - lastSeq - 1;
        lastSeq = seq;
        if (jump <= 0 || pending == 0) {
            return null;
        }
        long n = Math.min(pending, jump);
        pending -= n;
        lost += n;
        return new Gap(n, seq - jump, seq - 1);
    }

    /**
     * Records missed after the last one read, when reading stops.
     *
     * @return that gap, or null
     */
    Gap finish() {
        if (pending == 0) {
            return null;
        }
        Gap gap = new Gap(pending, lastSeq + 1, lastSeq + pending);
        lost += pending;
        pending = 0;
        return gap;
    }

    long lastSeq() {
        return lastSeq;
    }

    /** Records lost so far. */
    long lost() {
        return lost;
    }
}
