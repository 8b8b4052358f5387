package io.github.kernellogger.bench.forward;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.RecordField;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.forward.engines.KafkaBroker;
import io.github.kernellogger.reader.forward.engines.Rsyslog;
import io.github.kernellogger.reader.output.OutputFormat;
import io.github.kernellogger.reader.read.RecordSink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The forward stage of make bench, on this machine: records/s that {@code logger-reader forward}
 * delivers from a full ring to Debian's rsyslogd over plain TCP and over RELP (imrelp), and to a
 * Kafka broker, beside {@code logger-reader -o json > /dev/null} from the same ring, in the same
 * run, rounds rotating the order of the cases. The receivers are the tests' own harnesses
 * ({@link Rsyslog}, {@link KafkaBroker}, from the reader's test-jar), rsyslog storing each
 * message as received ({@code parsed(false)}) through an in-memory queue as a stock rsyslogd
 * does ({@code queued(true)}: through the tests' Direct queue imrelp's one thread wrote the file
 * once per message and was the bottleneck), the broker with a heap of a benchmark's size.
 *
 * <p>The ring is a saved log ({@code --file}) of as many records as a 64 MiB ring holds as the
 * appender writes them (bench/kernel/fill's records: framed, with TAG, THREAD and THREAD_ID, the
 * event's own time, a message of about 40 bytes), written here with the reader's own
 * {@code -o binary}: the device exists only in the test VM, whose emulation would time the
 * emulator. Each is timed without the JVM's start: -o json from its first byte of output to its
 * end; forward from its receiver's first byte written (rsyslog's file, the partition's log) to
 * its last, once the forwarder's cursor file says the last record was accepted. The reader runs
 * as installed, through its launcher with the launcher's JVM options: run with the JVM's own
 * (C2, G1), the JIT's compilers took as much CPU as the forwarder's work in these few seconds.
 *
 * <p>After the counted rounds, one more run of each forward case with Java Flight Recorder's
 * sampling profiler says where the forwarder's time goes: the methods on top of the most
 * samples, in the row's {@code profile}.
 *
 * <pre>
 *   java -cp reader.jar:benchmarks.jar:TEST_CLASSPATH \
 *       io.github.kernellogger.bench.forward.ForwardBench OUT_DIR ROUNDS READER_JAR KAFKA_PLUGIN_JAR
 * </pre>
 * Appends one JSON object per case to OUT_DIR/forward.jsonl.
 */
public final class ForwardBench {
    private static final int RECORDS = 350_000;
    private static final String INSTANCE = "0123456789abcdef0123456789abcdef";
    /** The broker's JVM: a benchmark's heap, the JIT's both tiers. */
    private static final List<String> BROKER_JVM = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC");
    /** Methods a profile lists. */
    private static final int PROFILE_TOP = 12;

    private final Path ring;
    /** The reader's launcher, installed with its jar ({@link #install}). */
    private final String launcher;
    private KafkaBroker kafka;
    private int topics;
    /** The CPU seconds of the last forward case timed: the forwarder's whole run, and its receiver's meanwhile. */
    private double lastForwarderCpu = Double.NaN;
    private double lastReceiverCpu = Double.NaN;
    /** Of the last forward case timed: the forwarder's CPU by kind of thread, and the receiver's busiest thread. */
    private Map<String, Double> lastForwarderThreads = Map.of();
    private ThreadCpu.Thread lastReceiverBusiest;

    private ForwardBench(Path ring, String launcher) {
        this.ring = ring;
        this.launcher = launcher;
    }

    /**
     * The reader's launcher in bin/ and its jar in share/logger-reader/ with the kafka plugin in
     * plugins/ beside it, as the packages install them, so that the stage runs the reader with the
     * launcher's JVM options and the plugin as it is found where it is installed. Returns the
     * launcher.
     */
    private static String install(Path work, String readerJar, String kafkaPlugin) throws IOException {
        Path dir = Files.createDirectories(work.resolve("share/logger-reader/plugins")).getParent();
        Files.copy(Path.of(kafkaPlugin), dir.resolve("plugins/logger-reader-kafka.jar"));
        Files.copy(Path.of(readerJar), dir.resolve("logger-reader.jar"));
        Path launcher = Files.createDirectories(work.resolve("bin")).resolve("logger-reader");
        Files.copy(Path.of(readerJar).resolveSibling("logger-reader"), launcher);
        return launcher.toString();
    }

    /** One case of the stage: what it times, in seconds, in a folder of its own. */
    private interface Case {
        double seconds(Path dir, Path profile) throws IOException, InterruptedException;
    }

    private record Named(String what, String description, Case run) {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Path work = Files.createTempDirectory("forward-bench-");
        ForwardBench bench = new ForwardBench(work.resolve("ring.bin"), install(work, args[2], args[3]));
        try {
            saveRing(bench.ring);
            List<Named> all = List.of(
                    new Named("json", "logger-reader -o json > /dev/null", (dir, profile) -> bench.json()),
                    new Named("syslog", "logger-reader forward, sink = syslog, to rsyslogd over TCP",
                            (dir, profile) -> bench.rsyslog(dir, false, profile)),
                    new Named("relp", "logger-reader forward, sink = relp, to rsyslogd's imrelp",
                            (dir, profile) -> bench.rsyslog(dir, true, profile)),
                    new Named("kafka", "logger-reader forward, sink = kafka, to a Kafka broker (acks=all, idempotent)",
                            bench::kafka));
            List<Named> cases = chosen(all);
            if (cases.stream().anyMatch(c -> c.what().equals("kafka"))) {
                bench.kafka = KafkaBroker.builder().jvmOptions(BROKER_JVM).start();
            }
            List<List<Double>> rates = new ArrayList<>();
            cases.forEach(c -> rates.add(new ArrayList<>()));
            List<double[]> cpu = new ArrayList<>(); // per case: forwarder, receiver, wall seconds, added up
            cases.forEach(c -> cpu.add(new double[3]));
            // per case, added up: the forwarder's CPU by kind of thread, and the receiver's busiest thread
            List<Map<String, Double>> forwarderThreads = new ArrayList<>();
            cases.forEach(c -> forwarderThreads.add(new TreeMap<>()));
            List<Map<String, Double>> receiverBusiest = new ArrayList<>();
            cases.forEach(c -> receiverBusiest.add(new TreeMap<>()));
            for (int round = 1; round <= rounds + 1; round++) {
                // The first round warms the page cache and is not counted; each round starts with
                // another case, so that none always runs first.
                for (int k = 0; k < cases.size(); k++) {
                    int c = (round + k) % cases.size();
                    double s = cases.get(c).run().seconds(Files.createDirectories(work.resolve("round-" + round + "-" + c)),
                            null);
                    if (round > 1) {
                        rates.get(c).add(RECORDS / s);
                        cpu.get(c)[0] += bench.lastForwarderCpu;
                        cpu.get(c)[1] += bench.lastReceiverCpu;
                        cpu.get(c)[2] += s;
                        bench.lastForwarderThreads.forEach((kind, used) -> forwarderThreads.get(c).merge(kind, used, Double::sum));
                        if (bench.lastReceiverBusiest != null) {
                            receiverBusiest.get(c).merge(bench.lastReceiverBusiest.name(),
                                    bench.lastReceiverBusiest.seconds(), Double::sum);
                        }
                    }
                    bench.lastForwarderCpu = Double.NaN;
                    bench.lastReceiverCpu = Double.NaN;
                    bench.lastForwarderThreads = Map.of();
                    bench.lastReceiverBusiest = null;
                    System.out.printf(Locale.ROOT, "# round %d: %s %.3f s%n", round, cases.get(c).what(), s);
                }
            }
            List<String> profiles = new ArrayList<>();
            for (int c = 0; c < cases.size(); c++) {
                if (c == 0) {
                    profiles.add(null);
                    continue;
                }
                Path jfr = work.resolve("profile-" + cases.get(c).what() + ".jfr");
                cases.get(c).run().seconds(Files.createDirectories(work.resolve("profile-" + c)), jfr);
                profiles.add(Profile.top(jfr, PROFILE_TOP));
                System.out.printf(Locale.ROOT, "# profile of %s: %s%n", cases.get(c).what(), profiles.get(c));
            }
            try (PrintStream p = new PrintStream(Files.newOutputStream(out.resolve("forward.jsonl"),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
                for (int c = 0; c < cases.size(); c++) {
                    double[] t = cpu.get(c);
                    String cpuJson = c == 0 || Double.isNaN(t[0]) ? null : String.format(Locale.ROOT,
                            "{\"forwarder_s\":%.2f,\"receiver_s\":%.2f,\"wall_s\":%.2f,\"forwarder_threads\":%s,"
                            + "\"receiver_busiest_threads\":%s}", t[0] / rounds, t[1] / rounds, t[2] / rounds,
                            secondsJson(forwarderThreads.get(c), rounds), secondsJson(receiverBusiest.get(c), rounds));
                    p.println(row(cases.get(c).what(), cases.get(c).description(), rates.get(c), profiles.get(c), cpuJson));
                }
            }
        } finally {
            if (bench.kafka != null) {
                bench.kafka.close();
            }
            try (Stream<Path> all = Files.walk(work)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The cases BENCH_FORWARD_CASES names ("relp kafka"), -o json first whatever it says, since
     * every other case is read against it; all of them without it.
     */
    private static List<Named> chosen(List<Named> all) {
        String names = System.getenv("BENCH_FORWARD_CASES");
        if (names == null || names.isBlank()) {
            return all;
        }
        List<String> wanted = List.of(names.trim().split("[\\s,]+"));
        for (String w : wanted) {
            if (all.stream().noneMatch(c -> c.what().equals(w))) {
                throw new IllegalArgumentException("BENCH_FORWARD_CASES names '" + w + "'; the cases are: "
                        + all.stream().map(Named::what).toList());
            }
        }
        return all.stream().filter(c -> c.what().equals("json") || wanted.contains(c.what())).toList();
    }

    /** {@code {"name":seconds,...}}, each a round's mean, the largest first. */
    private static String secondsJson(Map<String, Double> seconds, int rounds) {
        StringBuilder json = new StringBuilder("{");
        seconds.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .filter(e -> e.getValue() / rounds >= 0.005)
                .forEach(e -> json.append(json.length() == 1 ? "" : ",").append(String.format(Locale.ROOT, "\"%s\":%.2f",
                        e.getKey().replace("\\", "\\\\").replace("\"", "\\\""), e.getValue() / rounds)));
        return json.append('}').toString();
    }

    private static String row(String what, String description, List<Double> rates, String profile, String cpu) {
        double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        StringBuilder each = new StringBuilder();
        for (double r : rates) {
            each.append(each.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.0f", r));
        }
        return String.format(Locale.ROOT, "{\"stage\":\"forward\",\"what\":\"%s\",\"description\":\"%s\",\"records\":%d,"
                + "\"rounds\":%d,\"records_per_sec\":%.0f,\"statistic\":\"median\",\"min\":%.0f,\"max\":%.0f,"
                + "\"records_per_sec_rounds\":[%s]%s%s}", what, description, RECORDS, rates.size(), median, sorted[0],
                sorted[sorted.length - 1], each, profile == null ? "" : ",\"profile\":" + profile,
                cpu == null ? "" : ",\"cpu\":" + cpu);
    }

    /** bench/kernel/fill's records, framed as the appender writes them, as a saved full ring. */
    private static void saveRing(Path ring) throws IOException {
        long now = System.currentTimeMillis() * 1_000_000L;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(ring), 1 << 20)) {
            RecordSink binary = OutputFormat.BINARY.open(file, false, ZoneOffset.UTC);
            binary.begin(INSTANCE);
            for (long i = 0; i < RECORDS; i++) {
                List<RecordField> fields = List.of(RecordField.of("TAG", "io.github.kernellogger.bench.Orders"),
                        RecordField.of("THREAD", "producer-" + (i % 4 + 1)), RecordField.of("THREAD_ID", Long.toString(i % 4 + 31)));
                long ts = now + i * 1000;
                binary.record(new LogRecord(i + 1, ts, i % 13 == 0 ? SyslogLevel.WARNING : SyslogLevel.INFO, 4242,
                        (int) (4270 + i % 4), 1000, 1000, "producer-" + (i % 4 + 1),
                        ("order " + i + " for customer C-0042 shipped").getBytes(StandardCharsets.UTF_8), ts - 20_000, 5213,
                        io.github.kernellogger.device.LoggerAbi.F_FRAMED, fields));
            }
            binary.flush();
        }
    }

    /**
     * The reader's command, as installed: its launcher (reader/target/logger-reader, beside the
     * jar given) with the JVM options it gives by default, which BENCH_READER_JAVA_OPTS replaces
     * (as LOGGER_READER_JAVA_OPTS does), and this JVM's java; a flight recording, if asked for,
     * through JAVA_TOOL_OPTIONS, which leaves the launcher's options as they are.
     */
    private ProcessBuilder reader(Path profile, String... args) {
        List<String> cmd = new ArrayList<>(List.of(launcher));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder reader = new ProcessBuilder(cmd);
        Map<String, String> env = reader.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("LOGGER_READER_JAVA_OPTS");
        env.remove("JAVA_TOOL_OPTIONS");
        String options = System.getenv("BENCH_READER_JAVA_OPTS");
        if (options != null && !options.isBlank()) {
            env.put("LOGGER_READER_JAVA_OPTS", options.trim());
        }
        if (profile != null) {
            env.put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=name=bench,settings=profile");
        }
        return reader;
    }

    /** Seconds from -o json's first byte of output to its end. */
    private double json() throws IOException, InterruptedException {
        Process p = reader(null, "--file", ring.toString(), "-o", "json")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] buf = new byte[1 << 20];
        long first = 0;
        long bytes = 0;
        try (InputStream in = p.getInputStream()) {
            for (int n; (n = in.read(buf)) > 0;) {
                if (bytes == 0) {
                    first = System.nanoTime();
                }
                bytes += n;
            }
        }
        long end = System.nanoTime();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("logger-reader -o json failed");
        }
        return (end - first) / 1e9;
    }

    /** Seconds from rsyslog's first byte written to its last, the forwarder's cursor at the last record. */
    private double rsyslog(Path dir, boolean relp, Path profile) throws IOException, InterruptedException {
        try (Rsyslog rsyslog = Rsyslog.builder().relp(relp).parsed(false).queued(true).start()) {
            Path received = rsyslog.receivedFile();
            String config = relp ? "sink = relp\nrelp.host = 127.0.0.1\nrelp.port = " + rsyslog.relpPort() + "\n"
                    : "sink = syslog\nsyslog.host = 127.0.0.1\nsyslog.port = " + rsyslog.port() + "\n";
            return forward(dir, config, () -> Files.exists(received) ? Files.size(received) : 0, rsyslog.directory(),
                    profile);
        }
    }

    /** Seconds from the broker's first byte written to the round's partition to its last, all acknowledged. */
    private double kafka(Path dir, Path profile) throws IOException, InterruptedException {
        String topic = "bench-" + ++topics;
        kafka.createTopic(topic);
        Path partition = kafka.directory().resolve("data").resolve(topic + "-0");
        return forward(dir, "sink = kafka\nkafka.topic = " + topic + "\nkafka.bootstrap.servers = "
                + kafka.bootstrapServers() + "\n", () -> logBytes(partition), kafka.directory(), profile);
    }

    /** The bytes of a partition's log segments so far. */
    private static long logBytes(Path partition) throws IOException {
        if (!Files.isDirectory(partition)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(partition)) {
            long total = 0;
            for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".log"))::iterator) {
                total += Files.size(f);
            }
            return total;
        }
    }

    /** How many bytes a receiver has written so far. */
    private interface Received {
        long bytes() throws IOException;
    }

    /**
     * The processes whose command line names {@code dir} (a harness's folder: rsyslogd's
     * configuration, the broker's properties): the receiver.
     */
    private static List<ProcessHandle> receiver(Path dir) {
        String where = dir.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(where)).orElse(false)).toList();
    }

    /** The CPU seconds so far of {@code processes}, their threads all counted. */
    private static double cpuOf(List<ProcessHandle> processes) {
        return processes.stream()
                .mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0)).sum();
    }

    /** The threads of {@code processes}, by process and thread id. */
    private static Map<String, ThreadCpu.Thread> threadsOf(List<ProcessHandle> processes) {
        Map<String, ThreadCpu.Thread> threads = new HashMap<>();
        for (ProcessHandle p : processes) {
            ThreadCpu.threads(p.pid()).forEach((tid, t) -> threads.put(p.pid() + "/" + tid, t));
        }
        return threads;
    }

    /**
     * The lines of BENCH_FORWARD_SETTINGS (newline-separated, {@code relp.window = 4096}) that are
     * for the sink {@code config} names: a key of another sink ({@code syslog.}, {@code relp.},
     * {@code kafka.}) left out, every other key given to all, so that one run can measure a
     * setting against the others' defaults.
     */
    private static String settings(String config) {
        String lines = System.getenv("BENCH_FORWARD_SETTINGS");
        if (lines == null || lines.isBlank()) {
            return "";
        }
        String sink = config.substring("sink = ".length(), config.indexOf('\n'));
        StringBuilder mine = new StringBuilder();
        for (String line : lines.split("\n")) {
            String key = line.strip();
            int dot = key.indexOf('.');
            String prefix = dot < 0 ? "" : key.substring(0, dot);
            if (!key.isEmpty() && (prefix.equals(sink) || !List.of("syslog", "relp", "kafka").contains(prefix))) {
                mine.append(key).append('\n');
            }
        }
        return mine.toString();
    }

    /** Runs the forwarder on the ring with {@code config} and times what its receiver wrote. */
    private double forward(Path dir, String config, Received received, Path receiverDir, Path profile)
            throws IOException, InterruptedException {
        List<ProcessHandle> receiver = receiver(receiverDir);
        double receiverBefore = cpuOf(receiver);
        Map<String, ThreadCpu.Thread> receiverThreadsBefore = threadsOf(receiver);
        Files.writeString(dir.resolve("bench.conf"), config + settings(config));
        Path cursor = dir.resolve("cursor");
        Process forwarder = reader(profile, "forward", "--config", dir.resolve("bench.conf").toString(),
                "--cursor-file", cursor.toString(), "--file", ring.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("forward.out").toFile()).start();
        try {
            double seconds = timeDelivery(forwarder, cursor, received, dir.resolve("forward.out"));
            // Where the wall time went: the forwarder's CPU (its whole run, the JVM's start with
            // it), by kind of thread, and its receiver's, with its busiest thread, beside the
            // seconds timed.
            lastForwarderCpu = forwarder.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9)
                    .orElse(Double.NaN);
            lastForwarderThreads = ThreadCpu.byKind(forwarder.pid());
            lastReceiverCpu = cpuOf(receiver) - receiverBefore;
            lastReceiverBusiest = ThreadCpu.busiest(receiverThreadsBefore, threadsOf(receiver));
            if (profile != null) {
                // Dumped while it runs: its SIGTERM ends it with halt(), past JFR's own dump at exit.
                Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(forwarder.pid()), "JFR.dump", "name=bench", "filename=" + profile)
                        .redirectErrorStream(true).redirectOutput(dir.resolve("jcmd.out").toFile()).start();
                if (!dump.waitFor(2, TimeUnit.MINUTES) || dump.exitValue() != 0) {
                    throw new IllegalStateException("jcmd JFR.dump failed: " + Files.readString(dir.resolve("jcmd.out")));
                }
            }
            return seconds;
        } finally {
            forwarder.destroy();
            forwarder.waitFor(1, TimeUnit.MINUTES);
        }
    }

    /**
     * Seconds from the receiver's first byte written to its last, once the forwarder's cursor is
     * at the last record (all of them accepted) and the receiver has stopped growing.
     */
    private static double timeDelivery(Process forwarder, Path cursor, Received received, Path forwarderLog)
            throws IOException, InterruptedException {
        String last = "seq=" + RECORDS + "\n";
        long first = 0;
        long grew = 0;
        long size = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        for (;;) {
            long now = System.nanoTime();
            long s = received.bytes();
            if (s != size) {
                size = s;
                grew = now;
                if (first == 0) {
                    first = now;
                }
            }
            if (first != 0 && Files.exists(cursor) && Files.readString(cursor).endsWith(last)
                    && received.bytes() == size) {
                return (grew - first) / 1e9;
            }
            if (now > deadline || !forwarder.isAlive()) {
                throw new IllegalStateException("the forwarder did not deliver " + RECORDS + " records: "
                        + Files.readString(forwarderLog));
            }
            Thread.sleep(2);
        }
    }
}
