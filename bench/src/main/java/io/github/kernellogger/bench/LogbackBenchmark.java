package io.github.kernellogger.bench;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import io.github.kernellogger.appender.NullStandIn;
import io.github.kernellogger.logback.KernelDeviceAppender;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Logback appender beside what a Logback user would pick instead: Logback's FileAppender on
 * tmpfs (buffered, {@code immediateFlush=false}) and its AsyncAppender in front of it. The same
 * message and the same pattern ({@code [%thread] %logger - %msg%n}) in every pipeline; the
 * queues hold 8192 events and every producer waits when its queue is full
 * ({@code discardingThreshold=0}, {@code neverBlock=false}), so that nothing is discarded.
 *
 * <p>The Logback appender writes to the same stand-in as the Log4j2 cases
 * ({@link NullStandIn}: one write(2) of each framed batch, into /dev/null), as the host cannot
 * load the module. Each case runs in a LoggerContext of its own, logged to through Logback's API
 * (SLF4J stays bound to Log4j in this jar). Counters as {@link AppenderBenchmark}'s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LogbackBenchmark {
    static final String KERNEL = "Logback KernelDevice>null";
    static final String ASYNC_FILE = "Logback Async+File";
    static final String FILE = "Logback File";
    private static final String PATTERN = "[%thread] %logger - %msg%n";
    private static final int QUEUE = 8192;

    @Param({KERNEL, ASYNC_FILE, FILE})
    public String pipeline;

    private LoggerContext context;
    private Logger logger;

    @Setup
    public void setUp() {
        context = new LoggerContext();
        context.setName("bench");
        // What Logback's SLF4J provider gives its context; this one is made by hand.
        context.setMDCAdapter(new LogbackMDCAdapter());
        Appender<ILoggingEvent> out = switch (pipeline) {
            case KERNEL -> kernel();
            case ASYNC_FILE -> async(file());
            case FILE -> file();
            default -> throw new IllegalArgumentException(pipeline);
        };
        logger = context.getLogger("io.github.kernellogger.bench.Orders");
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(ch.qos.logback.classic.Level.INFO);
        root.addAppender(out);
    }

    private KernelDeviceAppender kernel() {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(PATTERN);
        layout.start();
        KernelDeviceAppender a = new KernelDeviceAppender();
        a.setContext(context);
        a.setName("out");
        a.setDevice("null");
        a.setDeviceFactory(new NullStandIn());
        a.setQueueSize(QUEUE);
        a.setDiscardingThreshold(0);
        a.setLayout(layout);
        a.start();
        return a;
    }

    private FileAppender<ILoggingEvent> file() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> f = new FileAppender<>();
        f.setContext(context);
        f.setName("file");
        f.setFile("/tmp/kernel-logger-bench-logback.log");
        f.setAppend(false);
        f.setImmediateFlush(false);
        f.setEncoder(encoder);
        f.start();
        return f;
    }

    private AsyncAppender async(FileAppender<ILoggingEvent> file) {
        AsyncAppender a = new AsyncAppender();
        a.setContext(context);
        a.setName("out");
        a.setQueueSize(QUEUE);
        a.setDiscardingThreshold(0);
        a.addAppender(file);
        a.start();
        return a;
    }

    @TearDown
    public void tearDown() {
        context.stop();
    }

    /** About 100 bytes once formatted, as {@link AppenderBenchmark#log}. */
    @Benchmark
    public void log(AppenderBenchmark.CallerAllocation allocation) {
        logger.info("order {} for customer {} shipped from warehouse {}", 4711, "C-0042", "north");
        allocation.calls++;
    }
}
