package io.github.kernellogger.reader.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import io.github.kernellogger.reader.forward.kafka.KafkaSink;
import io.github.kernellogger.reader.forward.engines.KafkaBroker;
import io.github.kernellogger.reader.output.OutputFormat;
import io.github.kernellogger.reader.read.Cursor;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import io.github.kernellogger.reader.read.Reload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kafka sink against a real KRaft broker: records, losses and reloads arrive once, in order,
 * keyed by host, each the object -o json prints; bad settings are refused with the key named;
 * the broker down makes open and settle fail, in the time the settings allow, and the cursor
 * stay before what it did not acknowledge; and after the broker was killed and restarted, a new
 * sink sending again from the cursor loses nothing. One broker for the class (it takes seconds
 * to start), a topic a test.
 */
class KafkaSinkTest {
    private static final String LOAD = "5c0e21f4a3b24c6f8e1d9a7b6c5d4e3f";
    private static final String NEW_LOAD = "0123456789abcdef0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaBroker broker;
    private static int topics;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.builder().start();
    }

    @AfterAll
    static void closeBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void brokerRuns() {
        if (!broker.isRunning()) {
            broker.start(); // after a test that failed while it was down
        }
    }

    private static String newTopic() {
        String topic = "logs-" + ++topics;
        broker.createTopic(topic);
        return topic;
    }

    /**
     * The sink's settings for {@code topic}, with timeouts short enough that a test of the broker
     * down waits seconds, not the defaults' half minute.
     */
    private static Map<String, String> settings(String topic) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("topic", topic);
        s.put("bootstrap.servers", broker.bootstrapServers());
        s.put("delivery.timeout.ms", "6000");
        s.put("request.timeout.ms", "2000");
        s.put("max.block.ms", "3000");
        s.put("linger.ms", "0");
        return s;
    }

    private interface Feed {
        void into(RecordSink sink) throws IOException;
    }

    private static final Feed ONE_OF_EACH = sink -> {
        sink.begin(LOAD);
        sink.record(Records.framed(1, SyslogLevel.INFO, "started", "TAG", "com.acme.Main", "THREAD", "main"));
        sink.record(Records.framed(2, SyslogLevel.ERR, "payment failed\n\tat com.acme.Payments.charge(Payments.java:42)",
                "TAG", "com.acme.Payments", "order", "4711"));
        sink.gap(new Gap(2, 3, 4));
        sink.record(Records.of(5, SyslogLevel.WARNING, "python3", Records.bytes("caf\u00e9 latin-1")));
        sink.reload(new Reload(LOAD, NEW_LOAD, true));
        sink.record(Records.of(1, SyslogLevel.DEBUG, "after the reload"));
    };

    /** What -o json prints for {@code feed}, a line an object. */
    private static List<String> jsonLines(Feed feed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordSink json = OutputFormat.JSON.open(out, false, ZoneOffset.UTC);
        feed.into(json);
        json.flush();
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void recordsLossesAndReloadsArriveOnceInOrderKeyedByHostEachAsMinusOJsonPrintsIt() throws Exception {
        String topic = newTopic();
        try (KafkaSink sink = KafkaSink.open(settings(topic), "host-a.example.com")) {
            ONE_OF_EACH.into(sink);
            sink.settle();
        }
        List<ConsumerRecord<String, String>> got = broker.records(topic);
        assertEquals(jsonLines(ONE_OF_EACH), got.stream().map(ConsumerRecord::value).toList());
        assertEquals(List.of("host-a.example.com"), got.stream().map(ConsumerRecord::key).distinct().toList());
        JsonNode payment = JSON.readTree(got.get(1).value());
        assertEquals(LOAD, payment.get("instance").asText(), "the identity: load id and seq");
        assertEquals(2, payment.get("seq").asLong());
        assertEquals("4711", payment.get("fields").get("order").asText());
        assertEquals(NEW_LOAD, JSON.readTree(got.get(5).value()).get("instance").asText());
    }

    @Test
    void theFixedSettingsMayBeGivenAsTheyAreFixed() throws Exception {
        String topic = newTopic();
        Map<String, String> s = settings(topic);
        s.put("acks", "-1");
        s.put("enable.idempotence", " TRUE ");
        s.put("compression.type", "zstd");
        try (KafkaSink sink = KafkaSink.open(s, "host-a")) {
            sink.record(Records.of(1, SyslogLevel.INFO, "compressed"));
            sink.settle();
        }
        assertEquals(1, broker.records(topic).size());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "acks, 1, kafka.acks is all, fixed (not 1)",
        "acks, 0, kafka.acks is all, fixed (not 0)",
        "enable.idempotence, false, kafka.enable.idempotence is true, fixed (not false)",
        "key.serializer, org.apache.kafka.common.serialization.StringSerializer, kafka.key.serializer is the sink's own",
        "transactional.id, forwarder, kafka.transactional.id is the sink's own",
        "lingerms, 5, kafka.lingerms is not a setting of the Kafka producer",
        "linger.ms, soon, kafka: Invalid value soon for configuration linger.ms",
        "request.timeout.ms, 60000, kafka: delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms",
        "bootstrap.servers, 127.0.0.1, kafka: Invalid url in bootstrap.servers: 127.0.0.1",
        "topic, bad topic!, kafka.topic: ",
        "topic, '', kafka.topic is missing"})
    void aBadSettingIsRefusedWithItsName(String name, String value, String message) {
        Map<String, String> s = settings("logs");
        s.put(name, value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaSink.open(s, "host-a"));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        if (message.endsWith(": ")) {
            assertTrue(e.getMessage().length() > message.length() + 10, "and why: " + e.getMessage());
        }
    }

    @Test
    void missingSettingsAreNamed() {
        assertEquals("kafka.topic is missing: the topic to send the records to",
                assertThrows(IllegalArgumentException.class,
                        () -> KafkaSink.open(Map.of("bootstrap.servers", broker.bootstrapServers()), "h")).getMessage());
        assertEquals("kafka.bootstrap.servers is missing: host:port of one or more brokers",
                assertThrows(IllegalArgumentException.class, () -> KafkaSink.open(Map.of("topic", "logs"), "h")).getMessage());
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void withNoBrokerOrNoTopicOpenFailsOnceMaxBlockMsHasPassed() {
        try (KafkaBroker none = KafkaBroker.builder().build()) {
            Map<String, String> s = settings("logs");
            s.put("bootstrap.servers", none.bootstrapServers());
            IOException down = assertThrows(IOException.class, () -> KafkaSink.open(s, "host-a"));
            assertTrue(down.getMessage().startsWith("kafka: no metadata for the topic logs from " + none.bootstrapServers()),
                    down.getMessage());
        }
        Map<String, String> unresolved = settings("logs");
        unresolved.put("bootstrap.servers", "no-such-host.invalid:9092");
        IOException dns = assertThrows(IOException.class, () -> KafkaSink.open(unresolved, "host-a"),
                "a name that does not resolve yet (DNS not up at boot) is tried again, not a bad config");
        assertEquals("kafka: No resolvable bootstrap urls given in bootstrap.servers (no-such-host.invalid:9092)",
                dns.getMessage());
        IOException noTopic = assertThrows(IOException.class, () -> KafkaSink.open(settings("no-such-topic"), "host-a"));
        assertTrue(noTopic.getMessage().contains("no-such-topic"), noTopic.getMessage());
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void withTheBrokerDownTheCursorStaysASettleFailsOnceDeliveryTimeoutMsHasPassedAndTheSinkRefusesMore() throws Exception {
        String topic = newTopic();
        try (KafkaSink sink = KafkaSink.open(settings(topic), "host-a")) {
            sink.record(Records.of(1, SyslogLevel.INFO, "before"));
            sink.settle();
            broker.kill();
            sink.record(Records.of(2, SyslogLevel.INFO, "while it is down"));
            assertEquals(new Cursor(1, null), sink.accepted(new Cursor(2, null)),
                    "the cursor stays before the record no broker acknowledged");
            // A flush returns at once, unless the producer knows of the failure already (its
            // metadata was stale, and none came within max.block.ms); a settle waits for it.
            IOException e = assertThrows(IOException.class, () -> {
                sink.flush();
                sink.settle();
            });
            assertTrue(e.getMessage().startsWith("kafka: a record was not written to " + topic), e.getMessage());
            assertThrows(IOException.class, () -> sink.record(Records.of(3, SyslogLevel.INFO, "after the failure")),
                    "nothing after a record that failed");
        } finally {
            broker.start();
        }
    }

    /** The (load id, seq) of every record object on {@code topic}, in the topic's order. */
    private static List<String> identities(String topic) throws IOException {
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<String, String> r : broker.records(topic)) {
            JsonNode o = JSON.readTree(r.value());
            ids.add(o.get("instance").asText() + "/" + o.get("seq").asLong());
        }
        return ids;
    }

    private static void send(RecordSink sink, long from, long to) throws IOException {
        for (long seq = from; seq <= to; seq++) {
            sink.record(Records.of(seq, SyslogLevel.INFO, "record " + seq));
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void afterTheBrokerWasKilledAndRestartedANewSinkSendsAgainFromTheCursorAndNothingIsLost() throws Exception {
        String topic = newTopic();
        long cursor;
        try (KafkaSink sink = KafkaSink.open(settings(topic), "host-a")) {
            sink.begin(LOAD);
            // As the forwarder does: after each flush that worked, the cursor as far as accepted.
            send(sink, 1, 10);
            sink.flush();
            cursor = sink.accepted(new Cursor(10, LOAD)).seq();
            send(sink, 11, 20);
            broker.kill();
            try {
                send(sink, 21, 25);
                sink.flush();
                cursor = sink.accepted(new Cursor(25, LOAD)).seq();
            } catch (IOException e) {
                // The failure may show at once (the producer's metadata was stale): cursor kept.
            }
            assertTrue(cursor <= 20, "nothing sent after the kill was acknowledged: " + cursor);
            assertThrows(IOException.class, sink::settle);
        }
        broker.start();
        try (KafkaSink again = KafkaSink.open(settings(topic), "host-a")) {
            again.begin(LOAD);
            send(again, cursor + 1, 30);
            again.settle();
        }
        List<String> ids = identities(topic);
        List<String> expected = new ArrayList<>();
        for (long seq = 1; seq <= 30; seq++) {
            expected.add(LOAD + "/" + seq);
        }
        assertEquals(expected, ids.stream().distinct().sorted((a, b) -> Long.compare(seq(a), seq(b))).toList(),
                "every record, none lost: " + ids);
        assertEquals(expected.subList(0, (int) cursor), ids.subList(0, (int) cursor), "what was acknowledged, once, in order");
        assertEquals(expected.subList((int) cursor, 30), ids.subList(ids.size() - (30 - (int) cursor), ids.size()),
                "what was sent again, once, in order, last: " + ids);
    }

    private static long seq(String identity) {
        return Long.parseLong(identity.substring(identity.indexOf('/') + 1));
    }

    @Test
    void aLossAndAReloadAreSentLikeRecords() throws Exception {
        String topic = newTopic();
        Feed feed = sink -> {
            sink.begin(null);
            sink.gap(new Gap(5, 1, 5));
            sink.reload(new Reload(null, NEW_LOAD, true));
        };
        try (KafkaSink sink = KafkaSink.open(settings(topic), "host-b")) {
            feed.into(sink);
            sink.settle();
        }
        assertEquals(List.of("{\"type\":\"gap\",\"lost\":5,\"first_lost_seq\":1,\"last_lost_seq\":5}",
                "{\"type\":\"reload\",\"previous_instance\":null,\"instance\":\"" + NEW_LOAD + "\"}"),
                broker.records(topic).stream().map(ConsumerRecord::value).toList());
        assertEquals(jsonLines(feed), broker.records(topic).stream().map(ConsumerRecord::value).toList());
    }

    @Test
    void aRecordThatIsNotUtf8ArrivesAsTheArrayOfItsBytes() throws Exception {
        String topic = newTopic();
        LogRecord r = Records.of(1, SyslogLevel.INFO, "KernelDevice", Records.bytes("caf\u00e9"));
        try (KafkaSink sink = KafkaSink.open(settings(topic), "host-a")) {
            sink.record(r);
            sink.settle();
        }
        assertEquals("[99,97,102,233]", JSON.readTree(broker.records(topic).get(0).value()).get("message").toString());
    }
}
