package io.github.kernellogger.examples.producers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo's producers: N threads, each logging "Producer 1: message 42" at random levels
 * through SLF4J, which Log4j2 sends to /dev/logger with the KernelDevice appender
 * (src/main/resources/log4j2.xml).
 */
@Command(name = "producers", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Log from N threads through SLF4J into /dev/logger.")
public final class Producers implements Callable<Integer> {

    @Option(names = {"-t", "--threads"}, defaultValue = "4", description = "Producer threads.")
    int threads;

    @Option(names = {"-m", "--messages"}, defaultValue = "25",
            description = "Messages each thread logs.")
    int messages;

    @Option(names = {"-r", "--rate"}, defaultValue = "0",
            description = "Messages per second per thread; 0 logs as fast as it can.")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the random levels.")
    long seed;

    @Option(names = "--hold", description = "When done, stay up until standard input closes, "
            + "so that its JMX counters can be read (logger-reader jmx --pid).")
    boolean hold;

    private static final Logger LOG = LoggerFactory.getLogger(Producers.class);

    @Override
    public Integer call() throws Exception {
        List<Thread> workers = new ArrayList<>();
        for (int p = 1; p <= threads; p++) {
            int id = p;
            Random random = new Random(seed + id);
            Thread t = new Thread(() -> produce(id, random), "producer-" + id);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        System.err.println("producers: " + threads + " threads logged " + threads * messages
                + " messages (pid " + ProcessHandle.current().pid() + ")");
        if (hold) {
            waitForEndOfInput();
        }
        return 0;
    }

    private void produce(int id, Random random) {
        Logger log = LoggerFactory.getLogger("producer." + id);
        long interval = rate > 0 ? (long) (TimeUnit.SECONDS.toNanos(1) / rate) : 0;
        long next = System.nanoTime();
        for (int n = 1; n <= messages; n++) {
            int pick = random.nextInt(100);
            if (pick < 5) {
                log.error("Producer {}: message {}", id, n,
                        new IllegalStateException("simulated failure in message " + n));
            } else if (pick < 15) {
                log.warn("Producer {}: message {}", id, n);
            } else if (pick < 75) {
                log.info("Producer {}: message {}", id, n);
            } else {
                log.debug("Producer {}: message {}", id, n);
            }
            if (interval > 0) {
                next += interval;
                LockSupport.parkNanos(next - System.nanoTime());
            }
        }
    }

    private static void waitForEndOfInput() throws IOException {
        while (System.in.read() >= 0) {
            // until standard input closes
        }
        LOG.debug("standard input closed; stopping");
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Producers()).execute(args));
    }
}
