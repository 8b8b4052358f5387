package io.github.kernellogger.reader.forward.engines;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The engine process of one harness across its runs: started, stopped (SIGTERM) or killed
 * (SIGKILL), and started again, one run at a time. Every harness's start, stop, kill and
 * isRunning are these.
 */
final class EngineLifecycle {
    /** Starts one run of the engine. */
    interface Launch {
        EngineProcess start() throws IOException;
    }

    private final String name;
    /** The current or last run; null before the first. */
    private EngineProcess current;

    EngineLifecycle(String name) {
        this.name = name;
    }

    /** Starts a run; fails if one is running. */
    synchronized EngineProcess start(Launch launch) {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running: " + current.describe());
        }
        try {
            current = launch.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return current;
    }

    /** SIGTERM, and waits for a clean end. */
    synchronized void stop() {
        running().terminate();
    }

    /** SIGKILL, and waits until the process is gone and its ports are closed. */
    synchronized void kill() {
        running().kill();
    }

    /** SIGKILL if a run is alive: for close(). */
    synchronized void killIfRunning() {
        if (isRunning()) {
            current.kill();
        }
    }

    synchronized boolean isRunning() {
        return current != null && current.isAlive();
    }

    /** The current or last run, for failure messages; "" before the first. */
    synchronized String describe() {
        return current == null ? "" : current.describe();
    }

    private EngineProcess running() {
        if (!isRunning()) {
            throw new IllegalStateException(name + " is not running" + (current == null ? "" : ": " + current.describe()));
        }
        return current;
    }
}
