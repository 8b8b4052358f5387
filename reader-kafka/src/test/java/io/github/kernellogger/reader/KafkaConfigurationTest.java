package io.github.kernellogger.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.reader.CommandLineTest.Run;
import io.github.kernellogger.reader.command.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code sink = kafka} with the plugin on the class path: a configuration it cannot use is one
 * line naming the file and the key, and exit 2, before any wait for a broker; a TLS file that
 * cannot be read is one of those, not the producer's stack trace.
 */
class KafkaConfigurationTest {
    @TempDir
    Path dir;

    private Run forward(String configText) throws IOException {
        Path config = dir.resolve("central.conf");
        Files.writeString(config, configText);
        return CommandLineTest.run("forward", "--config", config.toString(), "--cursor-file",
                dir.resolve("cursor").toString(), "--file", dir.resolve("saved.log").toString());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "sink = kafka => kafka.topic is missing: the topic to send the records to",
        "sink = kafka\\nkafka.topic = logs => kafka.bootstrap.servers is missing: host:port of one or more brokers",
        "sink = kafka\\nkafka.topic = logs\\nkafka.bootstrap.servers = b:9092\\nkafka.acks = 1 => kafka.acks is all, fixed (not 1): a record counts as sent only once every in-sync replica has it",
        "sink = kafka\\nkafka.topic = logs\\nkafka.bootstrap.servers = b:9092\\nkafka.lingerms = 5 => kafka.lingerms is not a setting of the Kafka producer",
        "sink = kafka\\nkafka.topic = logs\\nkafka.bootstrap.servers = b:9092\\nkafka.linger.ms = soon => kafka: Invalid value soon for configuration linger.ms: Not a number of type LONG",
        "sink = kafka\\nkafka.topic = logs\\nkafka.bootstrap.servers = b:9092\\nsyslog.host = a => syslog.host is for sink = syslog, and this file says sink = kafka",
        "sink = kafka\\nkafka.topic = logs\\nkafka.bootstrap.servers = b:9092\\nkafka.security.protocol = SSL\\nkafka.ssl.truststore.type = PEM\\nkafka.ssl.truststore.location = /nonexistent/ca.pem => kafka.ssl.truststore.location /nonexistent/ca.pem cannot be read: no such file",
    })
    void aConfigurationItCannotUseIsOneLineNamingTheFileAndTheKeyAndExit2(String text, String why) throws IOException {
        Run r = forward(text.replace("\\n", "\n"));
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertEquals("logger-reader: the forwarder's configuration " + dir.resolve("central.conf") + ": " + why
                + System.lineSeparator(), r.err());
    }

    @Test
    void theSinksNamedAreTheReadersAndThePlugins() throws IOException {
        Run r = forward("sink = journal\n");
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertTrue(r.err().endsWith("sink 'journal' is not a sink: syslog, relp or kafka" + System.lineSeparator()), r.err());
    }
}
