package io.github.kernellogger.logback;

import io.github.kernellogger.core.SelfKill;
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

    public static void main(String[] args) throws InterruptedException {
        int events = Integer.parseInt(args[0]);
        SelfKill kill = SelfKill.load();
        Logger log = LoggerFactory.getLogger("app.KillNine");
        Thread burst = new Thread(() -> {
            int n = 0;
            while (n < events) {
                log.info("{}", n++);
            }
            log.error("{}", n);
            kill.now();
        }, "burst");
        burst.start();
        burst.join();
        // Not reached: the process is gone.
        System.exit(3);
    }
}
