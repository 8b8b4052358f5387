package io.github.kernellogger.bench;

import com.sun.management.ThreadMXBean;
import io.github.kernellogger.appender.NullStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * What logging costs the application thread, end to end, through KernelDevice and through what a
 * user would pick instead: Log4j2's RandomAccessFile appender on tmpfs (buffered), the Async
 * appender in front of it, and async loggers (LMAX Disruptor) with it. Every pipeline formats
 * the same message with the same PatternLayout; the queues hold 8192 events each.
 *
 * <p>KernelDevice writes to /dev/logger ({@code KernelDevice}, in the test VM), or, on the host,
 * where no module can be loaded, to a stand-in that gets the same system calls: one write(2) per
 * framed batch, into /dev/null ({@code KernelDevice>null}, see
 * {@link io.github.kernellogger.appender.NullStandIn}); {@code KernelDevice>null fields=false}
 * is the same without fields, so that their price shows. {@code KernelDevice>null syncLevel=INFO}
 * writes every event through before its call returns, as an error is by default, beside its
 * nearest equivalent, {@code RandomAccessFile immediateFlush=true}, which writes each event to
 * the file before the call returns.
 *
 * <p>{@code -p reliability=AwaitUnconditionally} sets Log4j's {@code log4j.ReliabilityStrategy}
 * (its default, AwaitCompletion, counts every event in one AtomicInteger shared by all threads),
 * to see whether Log4j's synchronous front end is what costs at 4 threads.
 *
 * <p>Sample mode times the logging calls themselves, which gives the latency percentiles, and
 * their mean gives the throughput: each thread logs back to back, so events/s = threads / mean
 * time per call.
 *
 * <p>{@code -prof gc} counts what every thread allocates, background threads included; the
 * auxiliary counters {@code callerBytes} and {@code calls} count what the logging threads alone
 * allocate, from the JVM's per-thread counter read at each iteration's start and end, and
 * {@code drainWakes} the times the logging calls woke KernelDevice's drain thread (its MXBean's
 * DrainWakes), {@code drainWrites} the write system calls KernelDevice's drain thread made meanwhile (the
 * stand-in's count, or the device's {@code write_calls}). With {@code -p threadLocals=false}
 * Log4j runs with its thread locals off, as in every web application (it turns them off itself
 * when a Servlet API is on the class path).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AppenderBenchmark {
    static final String KERNEL = "KernelDevice";
    static final String STAND_IN = "KernelDevice>null";
    static final String STAND_IN_NO_FIELDS = "KernelDevice>null fields=false";
    static final String STAND_IN_SYNC = "KernelDevice>null syncLevel=INFO";
    static final String RAF = "RandomAccessFile";
    static final String RAF_FLUSH = "RandomAccessFile immediateFlush=true";
    private static final Path WRITE_CALLS = Path.of("/sys/class/misc/logger/write_calls");

    @Param({STAND_IN, STAND_IN_NO_FIELDS, RAF, "Async+RandomAccessFile",
        "AsyncLoggers+RandomAccessFile", STAND_IN_SYNC, RAF_FLUSH})
    public String pipeline;

    /** Log4j's {@code log4j.ReliabilityStrategy}; empty for its default. */
    @Param({""})
    public String reliability;

    /** KernelDevice's {@code lingerMicros}. */
    @Param({"1000"})
    public String lingerMicros;

    /** Log4j's {@code log4j2.enableThreadlocals}, set before Log4j starts in this fork. */
    @Param({"true"})
    public boolean threadLocals;

    private LoggerContext context;
    private Logger logger;

    @Setup
    public void setUp() {
        System.setProperty("bench.file", "/tmp/kernel-logger-bench.log");
        System.setProperty("log4j2.enableThreadlocals", Boolean.toString(threadLocals));
        System.setProperty("bench.lingerMicros", lingerMicros);
        if (!reliability.isEmpty()) {
            System.setProperty("log4j.ReliabilityStrategy", reliability);
            // AwaitUnconditionally sleeps this long (5 s by default) before each configuration
            // stops, for the events in flight; JMH's iterations have ended by then, so the sleep
            // only lengthened every JVM of these cases by some 15 s.
            System.setProperty("log4j.waitMillisBeforeStopOldConfig", "0");
        }
        String config;
        switch (pipeline) {
            case KERNEL -> config = "bench-kernel.xml";
            case STAND_IN, STAND_IN_NO_FIELDS, STAND_IN_SYNC -> {
                standIn = true;
                System.setProperty("bench.fields", Boolean.toString(!pipeline.equals(STAND_IN_NO_FIELDS)));
                System.setProperty("bench.syncLevel", pipeline.equals(STAND_IN_SYNC) ? "INFO" : "ERROR");
                config = "bench-kernel-null.xml";
            }
            case RAF -> config = "bench-raf.xml";
            case RAF_FLUSH -> {
                System.setProperty("bench.immediateFlush", "true");
                config = "bench-raf.xml";
            }
            case "Async+RandomAccessFile" -> config = "bench-async.xml";
            case "AsyncLoggers+RandomAccessFile" -> {
                // All loggers asynchronous; each JMH fork is a JVM of its own, so this is safe.
                System.setProperty("log4j2.contextSelector",
                        "org.apache.logging.log4j.core.async.AsyncLoggerContextSelector");
                System.setProperty("log4j2.asyncLoggerRingBufferSize", "8192");
                config = "bench-raf.xml";
            }
            default -> throw new IllegalArgumentException(pipeline);
        }
        context = Configurator.initialize("bench", "classpath:" + config);
        logger = context.getLogger("io.github.kernellogger.bench.Orders");
    }

    @TearDown
    public void tearDown() {
        Configurator.shutdown(context);
    }

    /** Whether this fork's KernelDevice writes to the stand-in; set before any thread logs. */
    private static volatile boolean standIn;

    /** Write system calls KernelDevice's drain threads made so far, to the stand-in or device. */
    static long drainWrites() {
        if (!standIn && Files.isReadable(WRITE_CALLS)) {
            try {
                return Long.parseLong(Files.readString(WRITE_CALLS).trim());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return NullStandIn.WRITES.get();
    }

    /**
     * Times KernelDevice's logging calls woke its drain thread so far (its MXBean's DrainWakes),
     * 0 for another pipeline.
     */
    static long drainWakes() {
        try {
            Set<ObjectName> names = ManagementFactory.getPlatformMBeanServer().queryNames(
                    new ObjectName("io.github.kernellogger:type=KernelDevice,*"), null);
            long sum = 0;
            for (ObjectName name : names) {
                sum += (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "DrainWakes");
            }
            return sum;
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What one logging thread allocated in an iteration, and how many calls it made; and, from
     * the first thread only, the drain thread's write calls and the times calls woke it: JMH sums
     * each over the threads, so callerBytes / calls is the caller's allocation per event,
     * drainWrites / calls the write calls per event, drainWakes / calls the wakes per event.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CallerAllocation {
        private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        public long callerBytes;
        public long calls;
        public long drainWrites;
        public long drainWakes;
        private long start;
        private long writesAtStart;
        private long wakesAtStart;
        private boolean countsWrites;

        @Setup(Level.Iteration)
        public void begin(ThreadParams thread) {
            callerBytes = 0;
            calls = 0;
            drainWrites = 0;
            drainWakes = 0;
            countsWrites = thread.getThreadIndex() == 0;
            writesAtStart = countsWrites ? drainWrites() : 0;
            wakesAtStart = countsWrites ? drainWakes() : 0;
            start = THREADS.getCurrentThreadAllocatedBytes();
        }

        @TearDown(Level.Iteration)
        public void end() {
            callerBytes = THREADS.getCurrentThreadAllocatedBytes() - start;
            if (countsWrites) {
                drainWrites = drainWrites() - writesAtStart;
                drainWakes = drainWakes() - wakesAtStart;
            }
        }
    }

    /** About 100 bytes once formatted, with the thread and logger names the layout adds. */
    @Benchmark
    public void log(CallerAllocation allocation) {
        logger.info("order {} for customer {} shipped from warehouse {}", 4711, "C-0042", "north");
        allocation.calls++;
    }
}
