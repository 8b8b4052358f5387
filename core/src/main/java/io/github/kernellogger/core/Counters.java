package io.github.kernellogger.core;

import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to the events of one device. Only the holder of the writer role writes the
 * volatile fields, one thread at a time (the queue's lock orders them), so plain increments are
 * safe; logging threads count events handed to errorRef, and events written through,
 * concurrently.
 */
public final class Counters {
    public volatile long written;
    public volatile long bytesWritten;
    public volatile long writeErrors;
    public final LongAdder toErrorRef = new LongAdder();
    public volatile long lost;
    public final LongAdder truncated = new LongAdder();
    /** Events at or above syncLevel that were on the device when their logging call returned. */
    public final LongAdder synced = new LongAdder();
    /** Writes made by logging threads that held the writer role, writing an event through. */
    public volatile long syncWrites;
}
