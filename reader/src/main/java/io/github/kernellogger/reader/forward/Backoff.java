package io.github.kernellogger.reader.forward;

import java.time.Duration;

/**
 * How long to wait before the next attempt to reach a sink: {@code initial}, doubled after each
 * failure up to {@code max}, and {@code initial} again once the sink took something. No jitter:
 * one forwarder a host, and hosts fail at different times.
 */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private Duration next;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** The wait before the next attempt; the one after is twice as long, at most max. */
    Duration next() {
        Duration now = next;
        next = next.multipliedBy(2).compareTo(max) > 0 ? max : next.multipliedBy(2);
        return now;
    }

    void reset() {
        next = initial;
    }
}
