package io.github.kernellogger.appender;

import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to the events of one device. The drain thread is the only writer of the
 * volatile fields, so plain increments are safe; producers count truncations and events handed
 * to errorRef concurrently.
 */
final class Counters {
    volatile long written;
    volatile long bytesWritten;
    volatile long writeErrors;
    final LongAdder toErrorRef = new LongAdder();
    volatile long lost;
    final LongAdder truncated = new LongAdder();
}
