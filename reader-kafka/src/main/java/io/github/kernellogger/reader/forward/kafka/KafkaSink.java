package io.github.kernellogger.reader.forward.kafka;

import io.github.kernellogger.reader.forward.Sink;
import io.github.kernellogger.reader.forward.SinkProvider;
import io.github.kernellogger.reader.forward.SinkSettings;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.output.JsonObjects;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.Cursor;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.Reload;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The {@code kafka} sink of {@code logger-reader forward}: each record, loss and reload one Kafka
 * record on the topic {@code kafka.topic}, its value the object {@code -o json} prints for it
 * (without the newline; {@link JsonObjects}), its key the host's name, so that a host's records
 * keep their order in one partition. The record's identity, {@code instance} and {@code seq}, is
 * in the value: a consumer drops the rare record sent twice by it.
 *
 * <p>The producer is the idempotent one with {@code acks=all}, fixed: a record is accepted once
 * every in-sync replica has it, and the producer's own retries write it once. It sends in the
 * background, batch after batch without waiting for each to be acknowledged (a wait a batch
 * made the forwarder eight times slower than {@code -o json}): {@link #flush} returns at once,
 * and {@link #accepted} lets the cursor past the records the brokers acknowledged so far, up to
 * just before the oldest one they have not; {@link #settle}, at the end of a run, waits for them
 * all. Any of them that failed makes the next call throw; the forwarder then closes the sink,
 * opens another and sends again from its cursor (duplicates, never a gap). Once a send has failed
 * the sink refuses the records after it, which could otherwise be written after a gap.
 *
 * <p>Every other setting is the producer's ({@code kafka.linger.ms}, {@code kafka.compression.type},
 * {@code kafka.security.protocol}, ...), checked by it; a setting it does not know, a serializer
 * or a {@code transactional.id} is refused. Four defaults differ from the producer's, so that a
 * broker that is down makes the sink fail within about half a minute rather than two, and the
 * forwarder's backoff and progress take over, and so that one partition's batches are large
 * enough: {@link #DEFAULTS}.
 *
 * <p>Called by one thread at a time (the read loop's lock); the producer's I/O thread reports
 * each outcome through the fields it marks as its own.
 */
public final class KafkaSink implements Sink {
    /**
     * The producer's settings the sink gives unless the config does: {@code delivery.timeout.ms}
     * 30 s (the producer's 120 s: how long a record may wait for the brokers, so how long the
     * brokers down go unnoticed, and the longest a settle waits), {@code request.timeout.ms} 10 s (30 s), {@code max.block.ms} 10 s (60 s: how
     * long a send waits for the topic's metadata, or for room in the producer's buffer); and
     * {@code batch.size} 256 KiB (16 KiB): a host's records all go to one partition, so each
     * request carries one batch, and five requests in flight of 16 KiB held the forwarder to half
     * the rate it reaches with 256 KiB (bench: 67,000 against 125,000 records a second).
     */
    public static final Map<String, String> DEFAULTS = Map.of(
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000",
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
            ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000",
            ProducerConfig.BATCH_SIZE_CONFIG, "262144");

    /** What the sink itself sets, which a config may not. */
    private static final Set<String> OWN = Set.of(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ProducerConfig.TRANSACTIONAL_ID_CONFIG);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final byte[] key;
    private final JsonObjects json = new JsonObjects();
    /** The load id of the records now, for their cursors. */
    private String instance;
    /** Records given to the producer. */
    private long sent;
    /** Records the brokers acknowledged: the producer's I/O thread counts them. */
    private final AtomicLong acknowledged = new AtomicLong();
    /** What was sent and is not known to be acknowledged, oldest first, for {@link #accepted}. */
    private final ArrayDeque<Sent> unacknowledged = new ArrayDeque<>();
    /** The first send that failed, from the producer's I/O thread. */
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /**
     * A record given to the producer: where a resend would start (the seq before it, of its load;
     * the cursor made only when asked for), and whether the brokers have it.
     */
    private static final class Sent {
        final long beforeSeq;
        final String beforeInstance;
        /** When it was given to the producer ({@link System#nanoTime}). */
        final long sentNanos = System.nanoTime();
        /** Set by the producer's I/O thread. */
        volatile boolean acknowledged;

        Sent(long beforeSeq, String beforeInstance) {
            this.beforeSeq = beforeSeq;
            this.beforeInstance = beforeInstance;
        }

        Cursor before() {
            return new Cursor(beforeSeq, beforeInstance);
        }
    }

    /** No cursor can be named before it (a reload after a cursor without a load id). */
    private static final long NO_CURSOR = -1;

    /**
     * How long a record may be without an outcome before the sink calls the brokers gone:
     * delivery.timeout.ms, and a margin. The producer fails a record by then by itself, except
     * while its idempotence state waits for a broker (a producer id after a failure): then it
     * holds its records, and a flush of its own, without end (seen with the broker killed).
     */
    private final long outcomeTimeoutNanos;
    /** Records whose outcome the producer gave, acknowledged or failed; guarded by itself. */
    private final Object outcomes = new Object();
    /** Guarded by {@link #outcomes}. */
    private long outcomeCount;

    private KafkaSink(Producer<byte[], byte[]> producer, String topic, String hostname, Duration deliveryTimeout) {
        this.producer = producer;
        this.topic = topic;
        this.key = hostname.getBytes(StandardCharsets.UTF_8);
        this.outcomeTimeoutNanos = deliveryTimeout.plus(OUTCOME_MARGIN).toNanos();
    }

    /** Beyond delivery.timeout.ms, before a record without an outcome counts as failed. */
    private static final Duration OUTCOME_MARGIN = Duration.ofSeconds(5);

    /**
     * A sink on the topic {@code settings.get("topic")}, its producer set up by the other settings
     * (the config's {@code kafka.*} keys without the prefix), which has the topic's metadata from
     * the brokers.
     *
     * @param hostname the key of every record: the host the records come from
     * @throws IllegalArgumentException if a setting is missing, unknown, fixed otherwise or bad,
     *     with a message naming it
     * @throws IOException if no name in bootstrap.servers resolves, or no broker gave the topic's
     *     metadata within {@code max.block.ms}: they are down or unreachable, or the topic does not
     *     exist
     */
    public static KafkaSink open(Map<String, String> settings, String hostname) throws IOException {
        String topic = topic(settings);
        Map<String, Object> config = producerConfig(settings);
        Producer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            // "Failed to construct kafka producer", around the reason.
            String reason = root(e).getMessage();
            if (reason != null && reason.startsWith("No resolvable bootstrap urls")) {
                // No name in bootstrap.servers resolves (DNS not up yet at boot, a name not yet
                // published): the producer refuses to start, but this passes, so try again.
                throw new IOException("kafka: " + reason + " (" + config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)
                        + ")", e);
            }
            throw new IllegalArgumentException("kafka: " + reason, e);
        }
        try {
            producer.partitionsFor(topic);
        } catch (InterruptException e) {
            producer.close(Duration.ZERO);
            Thread.currentThread().interrupt();
            throw interrupted("while asking for the metadata of " + topic, e);
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw new IOException("kafka: no metadata for the topic " + topic + " from "
                    + config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) + " (the brokers are down or unreachable, "
                    + "or there is no such topic): " + rootMessage(e), e);
        }
        Duration deliveryTimeout = Duration.ofMillis(new ProducerConfig(withSerializers(config))
                .getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
        return new KafkaSink(producer, topic, hostname, deliveryTimeout);
    }

    /**
     * Where the sink sends, for messages: {@code kafka topic T on B}. Checks the settings as
     * {@link #open} does, without a producer (so without its check of delivery.timeout.ms
     * against linger.ms and request.timeout.ms), and that the files they name can be read.
     *
     * @throws IllegalArgumentException as {@link #open} does
     */
    public static String describe(Map<String, String> settings) {
        String topic = topic(settings);
        Map<String, Object> config = producerConfig(settings);
        try {
            new ProducerConfig(withSerializers(config));
        } catch (KafkaException e) {
            throw new IllegalArgumentException("kafka: " + root(e).getMessage(), e);
        }
        for (String file : FILES) {
            Object path = config.get(file);
            if (path != null && !path.toString().isBlank()) {
                readable("kafka." + file, Path.of(path.toString().trim()));
            }
        }
        return "kafka topic " + topic + " on " + config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** The producer's settings that name a file: checked with the configuration, one line each. */
    private static final List<String> FILES = List.of(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
            SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG);

    private static void readable(String key, Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(key + " " + file + " cannot be read: no such file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(key + " " + file + " cannot be read: permission denied");
        }
    }

    /** {@code sink = kafka}. */
    public static final class Provider implements SinkProvider {
        @Override
        public String name() {
            return "kafka";
        }

        @Override
        public String check(SinkSettings settings) {
            return describe(settings.entries());
        }

        @Override
        public Sink open(SinkSettings settings, String hostname) throws IOException {
            return KafkaSink.open(settings.entries(), hostname);
        }
    }

    /** {@code config} and the sink's serializers, for ProducerConfig's own parsing. */
    private static Map<String, Object> withSerializers(Map<String, Object> config) {
        Map<String, Object> c = new LinkedHashMap<>(config);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return c;
    }

    /** The topic the settings name. */
    private static String topic(Map<String, String> settings) {
        String topic = settings.getOrDefault("topic", "").trim();
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("kafka.topic is missing: the topic to send the records to");
        }
        try {
            Topic.validate(topic);
        } catch (KafkaException e) {
            throw new IllegalArgumentException("kafka.topic: " + e.getMessage(), e);
        }
        return topic;
    }

    /** The producer's settings: the sink's defaults, the config's other settings, checked, and the fixed ones. */
    private static Map<String, Object> producerConfig(Map<String, String> settings) {
        Map<String, Object> config = new LinkedHashMap<>(DEFAULTS);
        for (Map.Entry<String, String> s : settings.entrySet()) {
            String name = s.getKey();
            if (!name.equals("topic")) {
                String value = s.getValue().trim();
                check(name, value);
                config.put(name, value);
            }
        }
        if (!config.containsKey(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is missing: host:port of one or more brokers");
        }
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return config;
    }

    /** Refuses a setting the sink fixes or sets itself, and one the producer does not know. */
    private static void check(String name, String value) {
        if (name.equals(ProducerConfig.ACKS_CONFIG)) {
            if (!value.equals("all") && !value.equals("-1")) {
                throw new IllegalArgumentException("kafka.acks is all, fixed (not " + value + "): a record "
                        + "counts as sent only once every in-sync replica has it");
            }
        } else if (name.equals(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)) {
            if (!value.toLowerCase(Locale.ROOT).equals("true")) {
                throw new IllegalArgumentException("kafka.enable.idempotence is true, fixed (not " + value
                        + "): the producer's retries must not write a record twice");
            }
        } else if (OWN.contains(name)) {
            throw new IllegalArgumentException("kafka." + name + " is the sink's own: records are JSON in bytes, "
                    + "sent outside transactions");
        } else if (!ProducerConfig.configNames().contains(name)) {
            throw new IllegalArgumentException("kafka." + name + " is not a setting of the Kafka producer");
        }
    }

    /** The exception's message, and its root cause's where it has one: Kafka wraps the reason. */
    private static String rootMessage(Throwable e) {
        Throwable root = root(e);
        return root == e ? e.getMessage() : e.getMessage() + ": " + root.getMessage();
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static InterruptedIOException interrupted(String what, Exception cause) {
        InterruptedIOException e = new InterruptedIOException("kafka: interrupted " + what);
        e.initCause(cause);
        return e;
    }

    @Override
    public void cgroups(CgroupNames names) {
        json.cgroups(names);
    }

    @Override
    public void begin(String instance) {
        this.instance = instance;
        json.begin(instance);
    }

    @Override
    public void record(LogRecord r) throws IOException {
        send(json.record(r), r.seq() - 1, instance);
    }

    @Override
    public void gap(Gap g) throws IOException {
        send(json.gap(g), g.firstSeq() - 1, instance);
    }

    @Override
    public void reload(Reload r) throws IOException {
        // Resumed from a cursor of the load before, a reader learns of the reload again; without
        // a load id (a cursor of an earlier version) it cannot be named, as for the syslog sink.
        String before = r.previousInstance();
        instance = r.instance();
        send(json.reload(r), before == null ? NO_CURSOR : 0, before);
    }

    /**
     * Hands one value to the producer, which sends it in the background; {@code beforeSeq} (of the
     * load {@code beforeInstance}) is where a resend would start, or {@link #NO_CURSOR} where it
     * cannot be named.
     */
    private void send(byte[] value, long beforeSeq, String beforeInstance) throws IOException {
        checkNoFailure();
        Sent s = new Sent(beforeSeq, beforeInstance);
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
                if (e == null) {
                    s.acknowledged = true;
                    acknowledged.incrementAndGet();
                } else {
                    failure.compareAndSet(null, e);
                }
                synchronized (outcomes) {
                    outcomeCount++;
                    outcomes.notifyAll();
                }
            });
        } catch (InterruptException e) {
            Thread.currentThread().interrupt();
            throw interrupted("while sending to " + topic, e);
        } catch (KafkaException e) {
            throw new IOException("kafka: cannot send to " + topic + ": " + rootMessage(e), e);
        }
        sent++;
        if (beforeSeq != NO_CURSOR) {
            unacknowledged.addLast(s);
        }
    }

    private void checkNoFailure() throws IOException {
        Exception e = failure.get();
        if (e != null) {
            throw new IOException("kafka: a record was not written to " + topic + ": " + rootMessage(e), e);
        }
    }

    /**
     * Throws if a record sent failed, or has had no outcome for longer than delivery.timeout.ms
     * and a margin; returns at once otherwise, the producer sending what it holds in the
     * background ({@link #accepted} says how far the brokers have it).
     */
    @Override
    public void flush() throws IOException {
        checkNoFailure();
        dropAcknowledged();
        Sent oldest = unacknowledged.peekFirst();
        if (oldest != null && System.nanoTime() - oldest.sentNanos > outcomeTimeoutNanos) {
            throw new IOException("kafka: no acknowledgement from " + topic + " within "
                    + Duration.ofNanos(outcomeTimeoutNanos).toSeconds() + " s (delivery.timeout.ms and "
                    + OUTCOME_MARGIN.toSeconds() + " s)");
        }
    }

    private void dropAcknowledged() {
        while (!unacknowledged.isEmpty() && unacknowledged.peekFirst().acknowledged) {
            unacknowledged.pollFirst();
        }
    }

    /**
     * Waits until the producer has an outcome for every record given, at most delivery.timeout.ms
     * and a margin (not with the producer's own flush, which may wait without end), and throws
     * unless the brokers acknowledged them all.
     */
    @Override
    public void settle() throws IOException {
        long deadline = System.nanoTime() + outcomeTimeoutNanos;
        synchronized (outcomes) {
            for (long left = outcomeTimeoutNanos; outcomeCount < sent && failure.get() == null && left > 0;
                    left = deadline - System.nanoTime()) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(outcomes, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw interrupted("while waiting for " + topic + " to acknowledge", e);
                }
            }
        }
        checkNoFailure();
        long acked = acknowledged.get();
        if (acked != sent) {
            throw new IOException("kafka: " + (sent - acked) + " of the records sent to " + topic
                    + " have no outcome after " + Duration.ofNanos(outcomeTimeoutNanos).toSeconds()
                    + " s (delivery.timeout.ms and " + OUTCOME_MARGIN.toSeconds() + " s)");
        }
    }

    /** {@code read} if the brokers acknowledged everything sent, else the cursor before the oldest they have not. */
    @Override
    public Cursor accepted(Cursor read) {
        dropAcknowledged();
        return unacknowledged.isEmpty() ? read : unacknowledged.peekFirst().before();
    }

    /**
     * Closes the producer at once: what it had not sent is dropped, to be sent again from the
     * cursor. The producer's close waits for its I/O thread without end, and that thread was
     * seen not to end while the broker was down (waiting for a producer id): so the close runs
     * on a thread of its own, waited for {@link #CLOSE_WAIT} at most, and a producer that does
     * not end by then is left to end on its own (a daemon thread).
     */
    @Override
    public void close() {
        Thread closing = new Thread(() -> producer.close(Duration.ZERO), "kafka sink close " + topic);
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long {@link #close} waits for the producer to end. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
}
