package io.github.kernellogger.bench;

import com.sun.management.ThreadMXBean;
import io.github.kernellogger.appender.NullStandIn;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * KernelDevice at a steady, paced rate, as most applications log, rather than flat out: one
 * thread logs an event every {@code 1/rate} seconds (parking between calls when there is time,
 * spinning for the last 100 µs), into the /dev/null stand-in, and this measures, in one JVM:
 *
 * <ul>
 *   <li>each logging call's time (p50, p99, p99.9);</li>
 *   <li>the time from each call to the end of the write that took its event to the device,
 *       which the drain thread's linger bounds (p50, p99, p99.9, the longest): the stand-in notes
 *       when each write ends and how many frames it held, and with one logging thread the k-th
 *       frame written is the k-th event logged;</li>
 *   <li>the drain thread's CPU time over the wall time, the cost of its waits while nearly
 *       idle.</li>
 * </ul>
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.github.kernellogger.bench.PacedBenchmark RATE SECONDS OUT.jsonl [LINGER_MICROS]
 * </pre>
 *
 * appends one line of JSON to OUT.jsonl. Not JMH, whose modes run flat out; its numbers are
 * read from System.nanoTime, as the other benchmarks' are.
 */
public final class PacedBenchmark {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final long WARM_UP_SECONDS = 2;
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private PacedBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: PacedBenchmark RATE SECONDS OUT.jsonl [LINGER_MICROS]");
            System.exit(2);
        }
        int rate = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        String linger = args.length > 3 ? args[3] : "1000";
        System.setProperty("bench.lingerMicros", linger);
        LoggerContext context = Configurator.initialize("paced", "classpath:bench-kernel-null.xml");
        try {
            Logger logger = context.getLogger("io.github.kernellogger.bench.Orders");
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            // Warm up, and wait until all of it is written, so that what is noted is only this.
            int warmUp = (int) (rate * WARM_UP_SECONDS);
            NullStandIn.WriteLog warm = new NullStandIn.WriteLog(warmUp + 1);
            NullStandIn.log = warm;
            pace(logger, warmUp, interval, new long[warmUp], new long[warmUp]);
            awaitFrames(warm, warmUp);
            int n = rate * seconds;
            NullStandIn.WriteLog log = new NullStandIn.WriteLog(n + 1);
            NullStandIn.log = log;
            Thread drain = drainThread();
            long cpuBefore = THREADS.getThreadCpuTime(drain.getId());
            long[] starts = new long[n];
            long[] calls = new long[n];
            long wallBefore = System.nanoTime();
            pace(logger, n, interval, starts, calls);
            awaitFrames(log, n);
            long wall = System.nanoTime() - wallBefore;
            long cpu = THREADS.getThreadCpuTime(drain.getId()) - cpuBefore;
            NullStandIn.log = null;
            long[] delivery = delivery(log, starts);
            Arrays.sort(calls);
            Arrays.sort(delivery);
            String line = String.format(Locale.ROOT, "{\"stage\":\"paced\",\"rate\":%d,\"events\":%d,"
                    + "\"linger_us\":%s,\"call_p50_us\":%.2f,\"call_p99_us\":%.2f,\"call_p999_us\":%.2f,"
                    + "\"delivery_p50_us\":%.1f,\"delivery_p99_us\":%.1f,\"delivery_p999_us\":%.1f,"
                    + "\"delivery_max_us\":%.1f,\"writes\":%d,\"drain_cpu_pct\":%.3f}",
                    rate, n, linger, micros(calls, 0.50), micros(calls, 0.99), micros(calls, 0.999),
                    micros(delivery, 0.50), micros(delivery, 0.99), micros(delivery, 0.999),
                    delivery[n - 1] / 1e3, log.count, 100.0 * cpu / wall);
            System.out.println(line);
            Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } finally {
            Configurator.shutdown(context);
        }
    }

    /** Logs {@code n} events, one every {@code interval} ns, noting when each call began and took. */
    private static void pace(Logger logger, int n, long interval, long[] starts, long[] calls) {
        long next = System.nanoTime();
        for (int k = 0; k < n; k++) {
            next += interval;
            long now;
            while ((now = System.nanoTime()) < next) {
                if (next - now > SPIN_NANOS) {
                    LockSupport.parkNanos(next - now - SPIN_NANOS);
                } else {
                    Thread.onSpinWait();
                }
            }
            long start = System.nanoTime();
            logger.info("order {} for customer {} shipped from warehouse {}", 4711, "C-0042", "north");
            calls[k] = System.nanoTime() - start;
            starts[k] = start;
        }
    }

    /** Waits (polling: this is a harness) until {@code n} frames are written. */
    private static void awaitFrames(NullStandIn.WriteLog log, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (written(log) < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(written(log) + " of " + n + " events written in 60 s");
            }
            Thread.sleep(1);
        }
    }

    private static long written(NullStandIn.WriteLog log) {
        long sum = 0;
        for (int i = 0, count = log.count; i < count; i++) {
            sum += log.frames[i];
        }
        return sum;
    }

    /** For each event, from its call to the end of the write that held it. */
    private static long[] delivery(NullStandIn.WriteLog log, long[] starts) {
        long[] out = new long[starts.length];
        int k = 0;
        for (int w = 0; w < log.count && k < starts.length; w++) {
            for (int f = 0; f < log.frames[w] && k < starts.length; f++, k++) {
                out[k] = log.endNanos[w] - starts[k];
            }
        }
        return out;
    }

    private static double micros(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e3;
    }

    /** KernelDevice's drain thread, by the name the kernel would stamp on its records. */
    private static Thread drainThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("KernelDevice")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no KernelDevice drain thread"));
    }
}
