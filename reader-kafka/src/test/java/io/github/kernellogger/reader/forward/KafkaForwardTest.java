package io.github.kernellogger.reader.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import io.github.kernellogger.reader.forward.engines.KafkaBroker;
import io.github.kernellogger.reader.read.Gap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logger-reader forward} with {@code sink = kafka} into a real KRaft broker, as a process
 * of its own following a saved log: everything arrives keyed by host, each the object -o json
 * prints; the broker down at start, and killed and restarted mid-run: nothing lost, nothing
 * skipped; the forwarder killed with SIGKILL and restarted: no record skipped, duplicates only of
 * those after its cursor. Every test checks the records by load id and seq.
 */
class KafkaForwardTest {
    private static final String LOAD = SyslogForwardTest.LOAD;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaBroker broker;
    private static int topics;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildBroker() {
        broker = KafkaBroker.builder().build();
    }

    @AfterAll
    static void closeBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** The forwarders a test started, killed after it whatever its outcome. */
    private final List<ForwarderProcess> started = new ArrayList<>();

    private ForwarderProcess forward(Path config, SavedLogFile log) {
        ForwarderProcess f = SyslogForwardTest.forward(dir, config, log);
        started.add(f);
        return f;
    }

    @AfterEach
    void killForwarders() {
        started.forEach(ForwarderProcess::close);
    }

    private static String newTopic() {
        if (!broker.isRunning()) {
            broker.start();
        }
        String topic = "forwarded-" + ++topics;
        broker.createTopic(topic);
        return topic;
    }

    /** A config for {@code topic}, with timeouts and backoff of seconds, so that faults take seconds. */
    private Path config(String topic) throws IOException {
        return SyslogForwardTest.config(dir, "sink = kafka", "kafka.topic = " + topic,
                "kafka.bootstrap.servers = " + broker.bootstrapServers(), "kafka.delivery.timeout.ms = 6000",
                "kafka.request.timeout.ms = 2000", "kafka.max.block.ms = 2000", "hostname = test-host",
                "retry.initial = 200ms", "retry.max = 1s");
    }

    private static LogRecord record(long seq) {
        return Records.framed(seq, SyslogLevel.INFO, "record " + seq, "TAG", "com.acme.Main");
    }

    private static void append(SavedLogFile log, long from, long to) {
        log.append(LongStream.rangeClosed(from, to).mapToObj(KafkaForwardTest::record).toArray(LogRecord[]::new));
    }

    /** The topic's values, parsed, in its order. */
    private static List<JsonNode> values(String topic) {
        List<JsonNode> values = new ArrayList<>();
        for (ConsumerRecord<String, String> r : broker.records(topic)) {
            assertEquals("test-host", r.key());
            try {
                values.add(JSON.readTree(r.value()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return values;
    }

    /** The seqs of the records of {@code LOAD} on the topic, in its order, duplicates included. */
    private static List<Long> seqs(String topic) {
        List<Long> seqs = new ArrayList<>();
        for (JsonNode v : values(topic)) {
            if (v.has("seq")) {
                assertEquals(LOAD, v.get("instance").asText(), v.toString());
                seqs.add(v.get("seq").asLong());
            }
        }
        return seqs;
    }

    /** Waits until the topic holds every seq {@code 1..last} of LOAD, and returns its seqs. */
    private static List<Long> awaitSeqs(String topic, long last) {
        org.awaitility.Awaitility.await().atMost(2, TimeUnit.MINUTES).pollInterval(java.time.Duration.ofMillis(300))
                .alias("seqs 1.." + last + " on " + topic).until(() -> new TreeSet<>(seqs(topic)).size() >= last);
        return seqs(topic);
    }

    private static List<Long> oneTo(long last) {
        return LongStream.rangeClosed(1, last).boxed().toList();
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everythingArrivesOnceInOrderThenTheCursorIsAtTheLast() throws IOException {
        String topic = newTopic();
        SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        append(log, 1, 5);
        log.appendGap(new Gap(2, 6, 7), record(8));
        ForwarderProcess f = forward(config(topic), log);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 8L), awaitSeqs(topic, 6));
        assertEquals(0, f.terminate(), f.err());
        List<JsonNode> values = values(topic);
        assertEquals(7, values.size(), values.toString());
        assertEquals("{\"type\":\"gap\",\"lost\":2,\"first_lost_seq\":6,\"last_lost_seq\":7}", values.get(5).toString());
        assertEquals("com.acme.Main", values.get(0).get("fields").get("TAG").asText());
        assertEquals("instance=" + LOAD + ";seq=8\n", SyslogForwardTest.read(dir.resolve("cursor")));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theBrokerDownAtStartThenKilledAndRestartedMidRunLosesAndSkipsNothing() throws IOException {
        if (broker.isRunning()) {
            broker.stop();
        }
        SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        append(log, 1, 10);
        String topic = "forwarded-" + ++topics;
        ForwarderProcess f = forward(config(topic), log);
        f.awaitErr("failed: kafka: no metadata for the topic " + topic);
        broker.start();
        broker.createTopic(topic);
        assertEquals(oneTo(10), awaitSeqs(topic, 10), "down at start: everything, once, in order");

        broker.kill();
        append(log, 11, 20);
        f.awaitErr("failed: kafka: a record was not written to " + topic);
        broker.start();
        append(log, 21, 25);
        List<Long> seqs = awaitSeqs(topic, 25);
        assertEquals(oneTo(25), new ArrayList<>(new TreeSet<>(seqs)), "nothing lost: " + seqs);
        assertEquals(oneTo(10), seqs.subList(0, 10), "what was acknowledged, once: " + seqs);
        assertEquals(LongStream.rangeClosed(11, 25).boxed().toList(), seqs.subList(seqs.size() - 15, seqs.size()),
                "sent again from the cursor, in order, nothing skipped: " + seqs);
        assertEquals(0, f.terminate(), f.err());
        assertTrue(f.err().contains("is back after"), f.err());
        assertEquals("instance=" + LOAD + ";seq=25\n", SyslogForwardTest.read(dir.resolve("cursor")));
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void theForwarderKilledAndRestartedSkipsNothingAndRepeatsOnlyWhatWasAfterItsCursor() throws IOException {
        String topic = newTopic();
        SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        append(log, 1, 10);
        ForwarderProcess f = forward(config(topic), log);
        awaitSeqs(topic, 10);
        append(log, 11, 40);
        f.kill();
        String cursor = SyslogForwardTest.read(dir.resolve("cursor"));
        long kept = Long.parseLong(cursor.substring(cursor.indexOf(";seq=") + 5).trim());

        ForwarderProcess again = forward(config(topic), log);
        List<Long> seqs = awaitSeqs(topic, 40);
        assertEquals(0, again.terminate(), again.err());
        assertEquals(oneTo(40), new ArrayList<>(new TreeSet<>(seqs)), "nothing skipped: " + seqs);
        assertEquals(oneTo(kept), seqs.stream().filter(s -> s <= kept).toList(),
                "what was before the cursor (seq " + kept + "), once: " + seqs);
        assertEquals(LongStream.rangeClosed(kept + 1, 40).boxed().toList(),
                seqs.subList(seqs.size() - (int) (40 - kept), seqs.size()),
                "the restart sends from its cursor on, in order: " + seqs);
    }

    @Test
    void aBadKafkaSettingIsOneLineNamingTheFileAndTheKeyAndExitCode2() throws IOException {
        Path config = SyslogForwardTest.config(dir, "sink = kafka", "kafka.topic = logs",
                "kafka.bootstrap.servers = 127.0.0.1:9", "kafka.acks = 1");
        SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        append(log, 1, 1);
        ForwarderProcess f = forward(config, log);
        assertEquals(2, f.waitFor(), f.err());
        assertTrue(f.err().contains(config + ": kafka.acks is all, fixed (not 1)"), f.err());
    }
}
