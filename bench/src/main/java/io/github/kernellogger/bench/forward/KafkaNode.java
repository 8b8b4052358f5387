package io.github.kernellogger.bench.forward;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * The forward stage's Kafka broker: one KRaft node, broker and controller at once, PLAINTEXT on
 * 127.0.0.1, in a JVM of its own from Maven Central's kafka_2.13 (the class path bench/run
 * gives), its storage in a folder of the stage's, configured as the tests' broker is
 * (reader/src/test/.../forward/engines/KafkaBroker), with a heap of its own size for a
 * benchmark. Topics of one partition, one replica; their data is in {@link #partition}.
 */
final class KafkaNode implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;
    private final Admin admin;

    private KafkaNode(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /** Formats the storage, starts the broker and returns once it serves metadata. */
    static KafkaNode start(Path dir, String classpath) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = freePort();
        int controller = freePort();
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, String.join("\n",
                "process.roles=broker,controller", "node.id=1", "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT", "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"), "num.partitions=1", "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1", "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1", "group.initial.rebalance.delay.ms=0") + "\n");
        Process format = new ProcessBuilder(java(classpath, "kafka.tools.StorageTool", "format", "--cluster-id",
                Uuid.randomUuid().toString(), "--config", properties.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("format.out").toFile()).start();
        if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
            throw new IllegalStateException("kafka-storage format failed: " + Files.readString(dir.resolve("format.out")));
        }
        Process broker = new ProcessBuilder(java(classpath, "kafka.Kafka", properties.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("broker.out").toFile()).start();
        KafkaNode node = new KafkaNode(dir, port, broker);
        try {
            node.awaitReady();
        } catch (RuntimeException | InterruptedException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private static List<String> java(String classpath, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-cp", classpath, mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker ended; see " + dir.resolve("broker.out"));
            }
            try {
                if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // Not up yet.
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the Kafka broker did not serve metadata within 2 minutes");
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Creates a topic of one partition and waits until that partition has a leader. */
    void createTopic(String name) throws InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(1, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the topic " + name, e);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        for (;;) {
            try {
                if (admin.describeTopics(List.of(name)).allTopicNames().get(10, TimeUnit.SECONDS).get(name)
                        .partitions().get(0).leader() != null) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // Just created: the broker may not know it yet (UnknownTopicOrPartition).
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the topic " + name + " has no leader after a minute");
            }
            Thread.sleep(100);
        }
    }

    /** The folder of the topic's one partition, where the broker writes its records. */
    Path partition(String topic) {
        return dir.resolve("data").resolve(topic + "-0");
    }

    /** The bytes of the partition's log segments so far. */
    static long logBytes(Path partition) throws IOException {
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

    /** SIGTERM to the broker (SIGKILL after a minute), and waits for its end. */
    @Override
    public void close() {
        admin.close(java.time.Duration.ZERO);
        process.destroy();
        try {
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
