package io.github.kernellogger.bench.forward;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.RecordField;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.output.OutputFormat;
import io.github.kernellogger.reader.read.RecordSink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The forward stage of make bench, on this machine: records/s that {@code logger-reader forward}
 * delivers to Debian's rsyslogd and to a Kafka broker from a full ring, beside
 * {@code logger-reader -o json > /dev/null} from the same ring, in the same run, rounds rotating
 * the order of the cases.
 *
 * <p>The ring is a saved log ({@code --file}) of as many records as a 64 MiB ring holds as the
 * appender writes them (bench/kernel/fill's records: framed, with TAG, THREAD and THREAD_ID, the
 * event's own time, a message of about 40 bytes), written here with the reader's own
 * {@code -o binary}: the device exists only in the test VM, whose emulation would time the
 * emulator. Each is timed without the JVM's start: -o json from its first byte of output to its
 * end; forward from rsyslog's first byte of output to its last (the file's size polled every
 * 2 ms), once the forwarder's cursor file says the last record was accepted (its connection
 * ended in order: see SyslogSink), which it does up to syslog.settle.interval later. rsyslog
 * writes every message to a file with a Direct queue, as in the tests. The Kafka broker
 * ({@link KafkaNode}: one KRaft node, Maven Central's kafka_2.13 on KAFKA_CLASSPATH, as in the
 * tests) gets a topic of one partition a round; forward to it is timed likewise from the first
 * byte the broker wrote to that partition's log to the last, once the cursor says the last
 * record was acknowledged (the sink's cursor trails the records in flight, and the forwarder
 * moves it at least twice a second).
 *
 * <pre>
 *   java -cp reader.jar:benchmarks.jar io.github.kernellogger.bench.forward.ForwardBench OUT_DIR ROUNDS [KAFKA_CLASSPATH]
 * </pre>
 * Appends one JSON object per case to OUT_DIR/forward.jsonl.
 */
public final class ForwardBench {
    private static final int RECORDS = 350_000;
    private static final String INSTANCE = "0123456789abcdef0123456789abcdef";

    private ForwardBench() {}

    /** One case of the stage: what it times, in seconds, in a folder of its own. */
    private interface Case {
        double seconds(Path dir) throws IOException, InterruptedException;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        String kafkaClasspath = args.length > 2 ? args[2] : null;
        Path work = Files.createTempDirectory("forward-bench-");
        KafkaNode kafka = null;
        try {
            Path ring = work.resolve("ring.bin");
            saveRing(ring);
            String readerJar = Path.of(ForwardBench.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .getParent().getParent().getParent().resolve("reader/target/logger-reader.jar").toString();
            List<String> names = new ArrayList<>(List.of("-o json", "forward to rsyslog"));
            List<Case> cases = new ArrayList<>(List.of(dir -> json(readerJar, ring), dir -> forward(readerJar, ring, dir)));
            if (kafkaClasspath != null) {
                KafkaNode node = KafkaNode.start(work.resolve("kafka"), kafkaClasspath);
                kafka = node;
                names.add("forward to Kafka");
                cases.add(dir -> kafka(readerJar, ring, dir, node));
            }
            List<List<Double>> rates = new ArrayList<>();
            cases.forEach(c -> rates.add(new ArrayList<>()));
            for (int round = 1; round <= rounds + 1; round++) {
                // The first round warms the page cache and is not counted; each round starts with
                // another case, so that none always runs first.
                for (int k = 0; k < cases.size(); k++) {
                    int c = (round + k) % cases.size();
                    double s = cases.get(c).seconds(work.resolve("round-" + round + "-" + c));
                    if (round > 1) {
                        rates.get(c).add(RECORDS / s);
                    }
                    System.out.printf(Locale.ROOT, "# round %d: %s %.3f s%n", round, names.get(c), s);
                }
            }
            try (PrintStream p = new PrintStream(Files.newOutputStream(out.resolve("forward.jsonl"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
                p.println(row("json", "logger-reader -o json > /dev/null", rates.get(0)));
                p.println(row("syslog", "logger-reader forward, sink = syslog, to rsyslogd over TCP", rates.get(1)));
                if (kafka != null) {
                    p.println(row("kafka", "logger-reader forward, sink = kafka, to a Kafka broker (acks=all, idempotent)",
                            rates.get(2)));
                }
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
            try (var all = Files.walk(work)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String row(String what, String description, List<Double> rates) {
        double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        StringBuilder each = new StringBuilder();
        for (double r : rates) {
            each.append(each.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.0f", r));
        }
        return String.format(Locale.ROOT, "{\"stage\":\"forward\",\"what\":\"%s\",\"description\":\"%s\",\"records\":%d,"
                + "\"rounds\":%d,\"records_per_sec\":%.0f,\"statistic\":\"median\",\"min\":%.0f,\"max\":%.0f,"
                + "\"records_per_sec_rounds\":[%s]}", what, description, RECORDS, rates.size(), median, sorted[0],
                sorted[sorted.length - 1], each);
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

    private static List<String> java(String readerJar, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", readerJar));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** Seconds from -o json's first byte of output to its end. */
    private static double json(String readerJar, Path ring) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java(readerJar, "--file", ring.toString(), "-o", "json"))
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

    /** Seconds from rsyslog's first byte written to the forwarder's cursor at the last record. */
    private static double forward(String readerJar, Path ring, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("work"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path received = dir.resolve("received.log");
        Files.writeString(dir.resolve("rsyslog.conf"), "global(workDirectory=\"" + dir.resolve("work") + "\")\n"
                + "module(load=\"imtcp\")\n"
                + "ruleset(name=\"received\" queue.type=\"Direct\") {\n"
                + "  action(type=\"omfile\" file=\"" + received + "\" template=\"RSYSLOG_SyslogProtocol23Format\""
                + " flushOnTXEnd=\"on\" asyncWriting=\"off\")\n}\n"
                + "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + port + "\" ruleset=\"received\")\n");
        Process rsyslogd = new ProcessBuilder("/usr/sbin/rsyslogd", "-n", "-f", dir.resolve("rsyslog.conf").toString(),
                "-i", dir.resolve("rsyslogd.pid").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
        Process forwarder = null;
        try {
            awaitListening(port);
            Files.writeString(dir.resolve("bench.conf"), "sink = syslog\nsyslog.host = 127.0.0.1\nsyslog.port = " + port + "\n");
            Path cursor = dir.resolve("cursor");
            forwarder = new ProcessBuilder(java(readerJar, "forward", "--config", dir.resolve("bench.conf").toString(),
                    "--cursor-file", cursor.toString(), "--file", ring.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("forward.out").toFile()).start();
            return timeDelivery(forwarder, cursor, () -> Files.exists(received) ? Files.size(received) : 0,
                    dir.resolve("forward.out"), "");
        } finally {
            if (forwarder != null) {
                forwarder.destroy();
                forwarder.waitFor(1, TimeUnit.MINUTES);
            }
            rsyslogd.destroy();
            rsyslogd.waitFor(1, TimeUnit.MINUTES);
        }
    }

    /**
     * Seconds from the broker's first byte written to the round's partition to its last, once the
     * forwarder's cursor is at the last record (all of them acknowledged).
     */
    private static double kafka(String readerJar, Path ring, Path dir, KafkaNode node)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String topic = "bench-" + dir.getFileName();
        node.createTopic(topic);
        Path partition = node.partition(topic);
        Files.writeString(dir.resolve("bench.conf"), "sink = kafka\nkafka.topic = " + topic
                + "\nkafka.bootstrap.servers = " + node.bootstrapServers() + "\n");
        Path cursor = dir.resolve("cursor");
        Process forwarder = new ProcessBuilder(java(readerJar, "forward", "--config", dir.resolve("bench.conf").toString(),
                "--cursor-file", cursor.toString(), "--file", ring.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("forward.out").toFile()).start();
        try {
            return timeDelivery(forwarder, cursor, () -> KafkaNode.logBytes(partition), dir.resolve("forward.out"),
                    " to Kafka");
        } finally {
            forwarder.destroy();
            forwarder.waitFor(1, TimeUnit.MINUTES);
        }
    }

    /** How many bytes a receiver has written so far. */
    private interface Received {
        long bytes() throws IOException;
    }

    /**
     * Seconds from the receiver's first byte written to its last, once the forwarder's cursor is
     * at the last record (all of them accepted) and the receiver has stopped growing.
     */
    private static double timeDelivery(Process forwarder, Path cursor, Received received, Path forwarderLog, String to)
            throws IOException, InterruptedException {
        String last = "seq=" + RECORDS + "\n";
        long first = 0;
        long grew = 0;
        long size = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
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
                throw new IllegalStateException("the forwarder did not deliver " + RECORDS + " records" + to + ": "
                        + Files.readString(forwarderLog));
            }
            Thread.sleep(2);
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return;
            } catch (IOException e) {
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("rsyslogd does not listen on " + port);
    }
}
