package io.github.kernellogger.appender;

import io.github.kernellogger.core.SelfKill;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The application of the kill -9 tests ({@link SyncLevelKernelIT}), run in a JVM of its own:
 * threads flood INFO events; once they have logged {@code WARM_UP} events together (so that the
 * pipeline runs as in an application that has been up a while), one thread, {@code burst}, logs
 * bursts of INFO events, then an ERROR, and then sends its process SIGKILL at once, as the OOM
 * killer or a crash would end it. Each thread numbers its events from 0, as {@code thread|n}
 * (the layout is {@code %t|%m}).
 *
 * <pre>java -cp ... KillNineApp FLOOD_THREADS WARM_UP BURSTS BURST_SIZE</pre>
 *
 * with {@code -Dlog4j2.configurationFile=log4j2-kill9.xml} and {@code -Dkernellogger.syncLevel}.
 */
public final class KillNineApp {
    private KillNineApp() {}

    public static void main(String[] args) throws InterruptedException {
        int floodThreads = Integer.parseInt(args[0]);
        int warmUp = Integer.parseInt(args[1]);
        int bursts = Integer.parseInt(args[2]);
        int burstSize = Integer.parseInt(args[3]);
        SelfKill kill = SelfKill.load();
        Logger log = LogManager.getLogger("app.KillNine");
        CountDownLatch flooding = new CountDownLatch(warmUp);
        List<Thread> floods = new ArrayList<>();
        for (int t = 0; t < floodThreads; t++) {
            Thread flood = new Thread(() -> {
                for (long n = 0; ; n++) {
                    log.info("{}", n);
                    flooding.countDown();
                }
            }, "flood-" + t);
            flood.setDaemon(true);
            floods.add(flood);
        }
        floods.forEach(Thread::start);
        flooding.await();
        Thread burst = new Thread(() -> {
            int n = 0;
            for (int b = 0; b < bursts; b++) {
                for (int i = 0; i < burstSize; i++) {
                    log.info("{}", n++);
                }
                Thread.yield();
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
