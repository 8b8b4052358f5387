package io.github.kernellogger.reader.forward.engines;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Apache Kafka broker for tests: one KRaft node that is broker and controller at once,
 * from Maven Central's Kafka artifacts on the test class path, in a child JVM (Kafka's own
 * {@code kafka.Kafka} main; its tools call System.exit, so nothing of the broker runs in the test
 * JVM), PLAINTEXT on 127.0.0.1, its storage formatted once ({@code kafka.tools.StorageTool
 * format}) in its own temporary folder.
 *
 * <p>{@link #build()} picks the ports and writes server.properties without starting anything,
 * so that a test can start its producer while the broker is still down; {@link #start()} formats
 * the storage the first time, starts the broker and returns once it serves metadata;
 * {@link #stop()} (SIGTERM, a controlled shutdown) and {@link #kill()} (SIGKILL) end it, and
 * {@link #start()} again starts it on the same ports and the same data: what was acknowledged
 * stays.
 *
 * <p>Topics are created by the test ({@link #createTopic}); auto-creation is off, as on most
 * production clusters. The consumer helpers read one-partition topics, read_committed.
 */
public final class KafkaBroker implements AutoCloseable {
    /** The node id of the one node, broker and controller. */
    public static final int NODE_ID = 1;
    /**
     * The child JVM's options: a small heap, C1 only and the serial collector start a broker in a
     * few seconds on two cores; a benchmark passes its own.
     */
    public static final List<String> TEST_JVM_OPTIONS = List.of("-Xms64m", "-Xmx512m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");
    private static final Duration FORMAT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(1);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final List<String> jvmOptions;
    /** The harness's own client: readiness, topics. It reconnects by itself after a restart. */
    private final Admin admin;
    private final EngineLifecycle broker = new EngineLifecycle("the Kafka broker");

    private KafkaBroker(Path dir, int port, int controllerPort, List<String> jvmOptions) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.jvmOptions = jvmOptions;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The child JVM's options, and broker properties beyond the harness's own. */
    public static final class Builder {
        private List<String> jvmOptions = TEST_JVM_OPTIONS;
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder() {
        }

        /** Replaces {@link #TEST_JVM_OPTIONS}. */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** A broker property (server.properties), over the harness's value if it sets one. */
        public Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        /** Picks the ports and writes the configuration; nothing is started yet. */
        public KafkaBroker build() {
            Path dir = EngineDirectory.create("kafka");
            KafkaBroker b = new KafkaBroker(dir, LocalPorts.free(), LocalPorts.free(), jvmOptions);
            try {
                Files.writeString(b.serverProperties(), b.serverPropertiesText(properties));
                Files.writeString(dir.resolve("log4j2.xml"), b.log4jConfig());
            } catch (IOException e) {
                EngineDirectory.delete(dir);
                throw new UncheckedIOException(e);
            }
            return b;
        }

        /** {@link #build()}, then {@link KafkaBroker#start()}. */
        public KafkaBroker start() {
            KafkaBroker b = build();
            try {
                return b.start();
            } catch (RuntimeException e) {
                b.close();
                throw e;
            }
        }
    }

    private String serverPropertiesText(Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        // One node: every internal topic has one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // A broker restarted after SIGKILL registers again only once the controller has given up
        // the old incarnation's session (default 9 s): keep that wait short.
        p.put("broker.heartbeat.interval.ms", "1000");
        p.put("broker.session.timeout.ms", "4000");
        p.putAll(extra);
        StringBuilder text = new StringBuilder("# Written by the test harness " + KafkaBroker.class.getName() + ".\n");
        p.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString();
    }

    private String log4jConfig() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Written by the test harness %s. -->
                <Configuration status="warn">
                  <Appenders>
                    <File name="broker" fileName="%s">
                      <PatternLayout pattern="%%d{ISO8601} %%p [%%t] %%c{1}: %%m%%n"/>
                    </File>
                  </Appenders>
                  <Loggers>
                    <Root level="info"><AppenderRef ref="broker"/></Root>
                  </Loggers>
                </Configuration>
                """.formatted(KafkaBroker.class.getName(), brokerLog());
    }

    private Path serverProperties() {
        return dir.resolve("server.properties");
    }

    private Path brokerLog() {
        return dir.resolve("broker.log");
    }

    /** The java command of a child JVM running {@code mainClass} on the test class path. */
    private List<String> java(List<String> options, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.xml"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Starts the broker (again, after {@link #stop()} or {@link #kill()}: the same ports and
     * data), formatting its storage the first time, and returns once it is registered and serves
     * metadata. Fails, quoting its log, if it ends or is not ready within two minutes.
     */
    public KafkaBroker start() {
        EngineProcess process = broker.start(() -> {
            if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
                Tool.run(dir, FORMAT_TIMEOUT, java(jvmOptions, "kafka.tools.StorageTool", "format",
                        "--cluster-id", Uuid.randomUuid().toString(), "--config", serverProperties().toString()))
                        .orThrow();
            }
            return EngineProcess.start("the Kafka broker",
                    java(jvmOptions, "kafka.Kafka", serverProperties().toString()), dir.resolve("broker.out"));
        });
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        process.awaitListening(port, START_TIMEOUT);
        try {
            await().atMost(Duration.between(Instant.now(), deadline)).pollInterval(Duration.ofMillis(100))
                    .until(() -> servesMetadata(process));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("the broker did not serve metadata within " + START_TIMEOUT + "\n"
                    + process.describe() + "\nbroker.log:\n" + EngineProcess.tail(brokerLog()), e);
        }
        return this;
    }

    /** Whether the node is in the cluster's metadata: registered, unfenced, ready for clients. */
    private boolean servesMetadata(EngineProcess process) throws InterruptedException {
        process.checkAlive();
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes()
                    .get(10, TimeUnit.SECONDS).stream().anyMatch(n -> n.id() == NODE_ID);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** SIGTERM (a controlled shutdown), and waits until the JVM has ended. */
    public void stop() {
        broker.stop();
    }

    /** SIGKILL, and waits until the JVM is gone and its ports are closed. */
    public void kill() {
        broker.kill();
    }

    public boolean isRunning() {
        return broker.isRunning();
    }

    /** The PLAINTEXT listener's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** bootstrap.servers for a client: {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Creates a topic of one partition, one replica, and waits until its partition has a leader. */
    public void createTopic(String name) {
        try {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all()
                    .get(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            await().atMost(CLIENT_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> {
                        TopicDescription d = admin.describeTopics(List.of(name)).allTopicNames()
                                .get(10, TimeUnit.SECONDS).get(name);
                        return d.partitions().get(0).leader() != null;
                    });
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the topic " + name + " on " + bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the topic " + name, e);
        }
    }

    /**
     * A producer's configuration as the forward sink's: acks=all, the idempotent producer,
     * String keys and values. The caller may change any entry.
     */
    public Map<String, Object> producerConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return c;
    }

    /**
     * Every committed record of a one-partition topic, from its first offset to its end (the last
     * stable offset: read_committed), read by a consumer of no group.
     */
    public List<ConsumerRecord<String, String>> records(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        Map<String, Object> c = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), CLIENT_TIMEOUT).get(partition);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            Instant deadline = Instant.now().plus(CLIENT_TIMEOUT);
            while (consumer.position(partition, CLIENT_TIMEOUT) < end) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end offset " + end
                            + " within " + CLIENT_TIMEOUT + "; read " + records.size());
                }
                consumer.poll(Duration.ofMillis(500)).records(partition).forEach(records::add);
            }
            return records;
        }
    }

    /** Waits until a one-partition topic holds at least {@code count} committed records, and returns them all. */
    public List<ConsumerRecord<String, String>> awaitRecords(String topic, int count) {
        try {
            await().atMost(CLIENT_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> records(topic).size() >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(topic + " holds " + records(topic).size() + " records, not " + count
                    + ", after " + CLIENT_TIMEOUT, e);
        }
        return records(topic);
    }

    /** The last lines of the broker's log (broker.log), for failure messages. */
    public String logTail() {
        return EngineProcess.tail(brokerLog());
    }

    /** The harness's folder: server.properties, log4j2.xml, data/, broker.log, broker.out. */
    public Path directory() {
        return dir;
    }

    /** Kills the broker if it runs, closes the harness's admin client and deletes the folder. */
    @Override
    public void close() {
        try {
            admin.close(Duration.ZERO);
            broker.killIfRunning();
        } finally {
            EngineDirectory.delete(dir);
        }
    }
}
