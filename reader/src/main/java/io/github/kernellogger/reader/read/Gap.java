package io.github.kernellogger.reader.read;

/**
 * Records lost before they were read: {@code lost} of the seqs {@code firstSeq..lastSeq} were
 * overwritten as the ring wrapped (all of them, unless the reader may not see some writers').
 */
public record Gap(long lost, long firstSeq, long lastSeq) {

    /** The line the short and raw formats print. */
    public String describe() {
        return "-- " + lost + " record" + (lost == 1 ? "" : "s") + " lost (seq " + firstSeq
                + (lastSeq == firstSeq ? "" : ".." + lastSeq)
                + ", overwritten before they were read) --";
    }
}
