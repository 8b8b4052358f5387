package io.github.kernellogger.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.LoggerDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * What survives {@code kill -9}: an application logs through one pipeline while two threads
 * flood; once it is warm, one thread logs {@code EVENTS} numbered INFO events and then an ERROR
 * (the next number) and sends its process SIGKILL at once, as the OOM killer or a crash would
 * end it. Then this counts, of the last {@code LAST} events that thread logged (the ERROR
 * included), how many the pipeline kept: in /dev/logger's ring (records of that process), or in
 * the file. Run in the test VM, where the device is (bench/vm-stage).
 *
 * <pre>
 * java -cp benchmarks.jar io.github.kernellogger.bench.KillNineBenchmark OUT.jsonl RUNS EVENTS LAST
 * </pre>
 *
 * runs every pipeline RUNS times, each in a JVM of its own, and appends a line of JSON per run.
 */
public final class KillNineBenchmark {
    /** The pipelines: their names, as the report shows them. */
    static final List<String> PIPELINES = List.of("KernelDevice syncLevel=ERROR",
            "KernelDevice syncLevel=OFF", "AsyncLoggers+RandomAccessFile", "Async+RandomAccessFile",
            "RandomAccessFile", "File immediateFlush=true");
    private static final int FLOOD_THREADS = 2;
    /** Events the flood threads log before the numbered thread begins: the pipeline is warm. */
    private static final int WARM_UP = 20_000;
    /** How a JVM that SIGKILL ended exits, as Process reports it: 128 + 9. */
    private static final int KILLED = 137;
    private static final String LOGGER = "io.github.kernellogger.bench.KillNine";
    /** The numbered thread's events as the layout {@code [%t] %c - %m} writes them. */
    private static final Pattern NUMBERED = Pattern.compile(
            "\\[numbered\\] " + Pattern.quote(LOGGER) + " - (\\d+)");

    private KillNineBenchmark() {}

    /** libc's kill(2): ends this process now, with no shutdown hook and no flush. */
    interface Signals extends Library {
        int kill(int pid, int signal);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("--child")) {
            child(args[1], Integer.parseInt(args[2]), Path.of(args[3]));
            return;
        }
        if (args.length != 4) {
            System.err.println("usage: KillNineBenchmark OUT.jsonl RUNS EVENTS LAST");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        int events = Integer.parseInt(args[2]);
        int last = Integer.parseInt(args[3]);
        for (int run = 1; run <= runs; run++) {
            for (String pipeline : PIPELINES) {
                String line = run(pipeline, run, events, last);
                System.out.println(line);
                Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
    }

    /** One run of one pipeline in a JVM of its own, and what it kept. */
    private static String run(String pipeline, int run, int events, int last) throws Exception {
        Path file = Files.createTempFile("kill9-", ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp",
                System.getProperty("java.class.path"), "-Djna.tmpdir=/tmp"));
        // As the rest of the VM stage, C1 only: see bench/vm-stage.
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(List.of(KillNineBenchmark.class.getName(), "--child", pipeline,
                Integer.toString(events), file.toString()));
        Path output = Files.createTempFile("kill9-", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        boolean ended = p.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        BitSet kept = pipeline.startsWith("KernelDevice") ? fromRing(p.pid()) : fromFile(file);
        int keptOfLast = kept.get(events - last + 1, events + 1).cardinality();
        boolean errorKept = kept.get(events);
        Files.deleteIfExists(file);
        String line = String.format(Locale.ROOT, "{\"stage\":\"kill9\",\"pipeline\":\"%s\",\"run\":%d,"
                + "\"logged\":%d,\"last\":%d,\"kept\":%d,\"error_kept\":%b,\"killed\":%b}",
                pipeline, run, events + 1, last, keptOfLast, errorKept, ended && p.exitValue() == KILLED);
        if (!ended || p.exitValue() != KILLED) {
            System.err.println(Files.readString(output));
        }
        Files.deleteIfExists(output);
        return line;
    }

    /** The numbered thread's events in the ring, from records of process {@code pid}. */
    private static BitSet fromRing(long pid) throws Exception {
        BitSet kept = new BitSet();
        try (LoggerDevice r = LoggerDevice.open(Path.of("/dev/logger"), LoggerDevice.Mode.READ, true)) {
            List<LogRecord> records = new ArrayList<>();
            while (r.readRecords(records::add) > 0) {
                for (LogRecord record : records) {
                    if (record.pid() == pid) {
                        note(record.message(), kept);
                    }
                }
                records.clear();
            }
        }
        return kept;
    }

    /** The numbered thread's events in the file. */
    private static BitSet fromFile(Path file) throws Exception {
        BitSet kept = new BitSet();
        if (Files.exists(file)) {
            try (var lines = Files.lines(file)) {
                lines.forEach(line -> note(line, kept));
            }
        }
        return kept;
    }

    private static void note(String line, BitSet kept) {
        Matcher m = NUMBERED.matcher(line);
        if (m.find()) {
            kept.set(Integer.parseInt(m.group(1)));
        }
    }

    /** The application: floods, then the numbered events, the ERROR, and SIGKILL. */
    private static void child(String pipeline, int events, Path file) throws InterruptedException {
        System.setProperty("bench.file", file.toString());
        String config = switch (pipeline) {
            case "KernelDevice syncLevel=ERROR" -> {
                System.setProperty("bench.syncLevel", "ERROR");
                yield "bench-kernel.xml";
            }
            case "KernelDevice syncLevel=OFF" -> {
                System.setProperty("bench.syncLevel", "OFF");
                yield "bench-kernel.xml";
            }
            case "AsyncLoggers+RandomAccessFile" -> {
                System.setProperty("log4j2.contextSelector",
                        "org.apache.logging.log4j.core.async.AsyncLoggerContextSelector");
                System.setProperty("log4j2.asyncLoggerRingBufferSize", "8192");
                yield "bench-raf.xml";
            }
            case "Async+RandomAccessFile" -> "bench-async.xml";
            case "RandomAccessFile" -> "bench-raf.xml";
            case "File immediateFlush=true" -> "bench-file.xml";
            default -> throw new IllegalArgumentException(pipeline);
        };
        Signals libc = Native.load("c", Signals.class);
        LoggerContext context = Configurator.initialize("kill9", "classpath:" + config);
        Logger log = context.getLogger(LOGGER);
        CountDownLatch warm = new CountDownLatch(WARM_UP);
        for (int t = 0; t < FLOOD_THREADS; t++) {
            Thread flood = new Thread(() -> {
                for (long n = 0; ; n++) {
                    log.info("flood {}", n);
                    warm.countDown();
                }
            }, "flood-" + t);
            flood.setDaemon(true);
            flood.start();
        }
        warm.await();
        Thread numbered = new Thread(() -> {
            for (int n = 0; n < events; n++) {
                log.info("{}", n);
            }
            log.error("{}", events);
            libc.kill((int) ProcessHandle.current().pid(), 9);
        }, "numbered");
        numbered.start();
        numbered.join();
        System.exit(3); // not reached: the process is gone
    }
}
