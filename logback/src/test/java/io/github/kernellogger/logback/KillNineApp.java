package io.github.kernellogger.logback;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application of the Logback kill -9 test ({@link LogbackKernelIT}), run in a JVM of its own
 * with {@code -Dlogback.configurationFile=logback-kill9.xml}: a thread, {@code burst}, logs
 * {@code EVENTS} INFO events numbered from 0 ({@code burst|n}), then an ERROR, and sends its
 * process SIGKILL at once, as the OOM killer or a crash would end it.
 *
 * <pre>java -cp ... KillNineApp EVENTS</pre>
 */
public final class KillNineApp {
    private KillNineApp() {}

    /** libc's kill(2), to end this process now: no shutdown hook, no flush, like kill -9. */
    interface Signals extends Library {
        int kill(int pid, int signal);
    }

    static final int SIGKILL = 9;

    public static void main(String[] args) throws InterruptedException {
        int events = Integer.parseInt(args[0]);
        Signals libc = Native.load("c", Signals.class);
        Logger log = LoggerFactory.getLogger("app.KillNine");
        Thread burst = new Thread(() -> {
            int n = 0;
            while (n < events) {
                log.info("{}", n++);
            }
            log.error("{}", n);
            libc.kill((int) ProcessHandle.current().pid(), SIGKILL);
        }, "burst");
        burst.start();
        burst.join();
        // Not reached: the process is gone.
        System.exit(3);
    }
}
