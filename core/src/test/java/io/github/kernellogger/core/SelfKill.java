package io.github.kernellogger.core;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Ends this process now with SIGKILL, as the OOM killer or a crash would: no shutdown hook, no
 * flush. For the kill -9 tests' applications of every adapter.
 */
public final class SelfKill {
    private final Signals libc;

    private SelfKill(Signals libc) {
        this.libc = libc;
    }

    /** Loads libc now, so that {@link #now} later follows the last event at once. */
    public static SelfKill load() {
        return new SelfKill(Native.load("c", Signals.class));
    }

    /** libc's kill(2). */
    interface Signals extends Library {
        int kill(int pid, int signal);
    }

    private static final int SIGKILL = 9;

    /** Sends this process SIGKILL; does not return. */
    public void now() {
        libc.kill((int) ProcessHandle.current().pid(), SIGKILL);
    }
}
