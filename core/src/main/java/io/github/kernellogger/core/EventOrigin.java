package io.github.kernellogger.core;

/**
 * Who queued an event ({@link QueuedEvent#origin}): where it goes when the device cannot take it
 * (Log4j2's is the appender, which passes it to its {@code errorRef}). Knows no logging
 * framework.
 */
public interface EventOrigin {

    /**
     * An event the device could not take (it is gone, or refused it), as its formatted text: the
     * queue keeps no more of an event once it is encoded. Runs on the writer's thread.
     *
     * @param level its level, as its framework knows it ({@link QueuedEvent#level})
     * @param timeMillis its time, ms since the epoch
     * @param message its message, UTF-8
     * @return false if there is nowhere to send it, or sending failed: it is counted as lost
     */
    boolean undeliverable(Object level, long timeMillis, byte[] message);
}
