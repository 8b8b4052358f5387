package io.github.kernellogger.reader.forward;

import java.time.Duration;

/** Time spans as the forwarder's lines say them, in systemd's units: 500ms, 10s, 2min. */
final class Durations {
    private Durations() {}

    /** As the configuration would say it: 500ms, 10s, 2min. */
    static String text(Duration d) {
        long ms = d.toMillis();
        return ms % 60_000 == 0 && ms > 0 ? ms / 60_000 + "min" : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
