package io.github.kernellogger.reader.forward.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka harness against a real KRaft broker: a record produced with acks=all by the
 * idempotent producer is consumed back read_committed; the broker down at start, then killed
 * with SIGKILL and restarted on the same port and data, loses nothing, and the same producer
 * goes on without a duplicate. One broker for the class: starting one takes seconds.
 */
class KafkaBrokerTest {
    private static final String TOPIC = "forward-test";
    private static KafkaBroker broker;

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

    private static List<String> keysAndValues(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> r.key() + " " + r.value()).toList();
    }

    private static RecordMetadata sent(Future<RecordMetadata> send) throws Exception {
        return send.get(1, TimeUnit.MINUTES);
    }

    /** Sends a record of host-a, and waits for its acknowledgement, on a thread of its own. */
    private static CompletableFuture<RecordMetadata> sendOnAnotherThread(KafkaProducer<String, String> producer,
            String value) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return sent(producer.send(new ProducerRecord<>(TOPIC, "host-a", value)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void recordsOfTheIdempotentAcksAllProducerOutliveTheBrokerDownAtStartAndKilledMidRun() throws Exception {
        Map<String, Object> config = broker.producerConfig();
        assertEquals("all", config.get("acks"));
        assertEquals(true, config.get("enable.idempotence"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            // Down at start: the port refuses, and send() blocks (up to max.block.ms) waiting for
            // the topic's metadata, so it runs on a thread of its own.
            assertFalse(broker.isRunning());
            assertThrows(ConnectException.class,
                    () -> new Socket(InetAddress.getLoopbackAddress(), broker.port()).close());
            CompletableFuture<RecordMetadata> early = sendOnAnotherThread(producer, "{\"seq\":1}");
            broker.start();
            broker.createTopic(TOPIC);
            assertEquals(0, early.get(1, TimeUnit.MINUTES).offset());
            assertEquals(List.of("host-a {\"seq\":1}"), keysAndValues(broker.awaitRecords(TOPIC, 1)));

            // Killed mid-run: a record sent while it is down waits in the producer (or its send()
            // waits for the topic's metadata, which the producer may drop once its broker is
            // gone: so again on a thread of its own), and is written once the broker is back on
            // the same port and data.
            broker.kill();
            assertFalse(broker.isRunning());
            CompletableFuture<RecordMetadata> whileDown = sendOnAnotherThread(producer, "{\"seq\":2}");
            broker.start();
            assertEquals(1, whileDown.get(1, TimeUnit.MINUTES).offset());
            assertEquals(2, sent(producer.send(new ProducerRecord<>(TOPIC, "host-a", "{\"seq\":3}"))).offset());
        }
        try (KafkaProducer<String, String> another = new KafkaProducer<>(broker.producerConfig())) {
            assertEquals(3, sent(another.send(new ProducerRecord<>(TOPIC, "host-b", "{\"seq\":1}"))).offset());
        }
        assertEquals(List.of("host-a {\"seq\":1}", "host-a {\"seq\":2}", "host-a {\"seq\":3}", "host-b {\"seq\":1}"),
                keysAndValues(broker.awaitRecords(TOPIC, 4)), "nothing lost, nothing twice, in order");
    }
}
