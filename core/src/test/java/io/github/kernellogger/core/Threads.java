package io.github.kernellogger.core;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

/** Waiting for another thread to reach a wait, for tests of every adapter. */
public final class Threads {
    /** How long a test waits for a condition before it fails. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    private Threads() {}

    /** Waits until {@code t} is parked or sleeping. */
    public static void awaitWaiting(Thread t) {
        await().atMost(WAIT).until(() -> t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING);
    }
}
