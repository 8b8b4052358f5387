package io.github.kernellogger.reader.forward.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jars as they are installed (after {@code package}: Maven's failsafe runs this): the
 * reader's without Kafka and with the native libraries of Linux only, the plugin's likewise
 * Linux only; and the reader, run as {@code java -jar}, finding the plugin in the folder
 * {@code plugins/} beside its jar, and, without it, naming the package to install.
 */
class PluginJarsIT {
    private static final Path READER_JAR = Path.of(System.getProperty("kernellogger.repo"), "reader", "target",
            "logger-reader.jar");
    private static final Path PLUGIN_JAR = Path.of("target", "logger-reader-kafka.jar").toAbsolutePath();
    /** A native library: of any system, by its file name. */
    private static final Pattern NATIVE = Pattern.compile(".*\\.(so|dll|dylib|jnilib|a)$");
    /** Where each library keeps Linux's: JNA, zstd-jni, lz4-java, snappy-java. */
    private static final Pattern LINUX = Pattern.compile(
            "com/sun/jna/linux-[^/]+/.*|linux/[^/]+/.*|net/jpountz/util/linux/.*|org/xerial/snappy/native/Linux/[^/]+/.*");

    @TempDir
    Path dir;

    private static List<String> entries(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.stream().map(e -> e.getName()).toList();
        }
    }

    @Test
    void theReadersJarHoldsNoKafkaAndOnlyLinuxNatives() throws IOException {
        List<String> entries = entries(READER_JAR);
        assertTrue(entries.stream().noneMatch(e -> e.startsWith("org/apache/kafka/") || e.startsWith("org/slf4j/")),
                "no Kafka, no SLF4J");
        for (String kept : List.of("com/sun/jna/Native.class", "picocli/CommandLine.class",
                "com/fasterxml/jackson/core/JsonFactory.class", "com/sun/jna/linux-x86-64/libjnidispatch.so",
                "com/sun/jna/linux-aarch64/libjnidispatch.so")) {
            assertTrue(entries.contains(kept), kept);
        }
        List<String> foreign = entries.stream().filter(e -> NATIVE.matcher(e).matches() && !LINUX.matcher(e).matches())
                .toList();
        assertEquals(List.of(), foreign, "native libraries of other systems");
        assertTrue(Files.size(READER_JAR) < 4 << 20, "a few MiB: " + Files.size(READER_JAR));
    }

    @Test
    void thePluginsJarHoldsKafkaAndOnlyLinuxNativesButNotTheReader() throws IOException {
        List<String> entries = entries(PLUGIN_JAR);
        assertTrue(entries.contains("org/apache/kafka/clients/producer/KafkaProducer.class"));
        assertTrue(entries.contains("io/github/kernellogger/reader/forward/kafka/KafkaSink.class"));
        assertTrue(entries.contains("linux/amd64/libzstd-jni-1.5.7-17.so") || entries.stream()
                .anyMatch(e -> e.startsWith("linux/amd64/libzstd-jni")), "zstd for Linux");
        assertTrue(entries.stream().noneMatch(e -> e.startsWith("io/github/kernellogger/reader/command/")
                || e.startsWith("io/github/kernellogger/device/")), "the reader's classes are the reader jar's");
        List<String> foreign = entries.stream().filter(e -> NATIVE.matcher(e).matches() && !LINUX.matcher(e).matches())
                .toList();
        assertEquals(List.of(), foreign, "native libraries of other systems");
    }

    /** Runs {@code java -jar JAR forward} with a kafka configuration; its exit code and stderr. */
    private String[] forward(Path readerJar) throws IOException, InterruptedException {
        Path config = dir.resolve("kafka.conf");
        // A setting the plugin refuses, once Kafka's ProducerConfig (which loads its default
        // classes by name) has looked: proof that it was found and runs, without a broker.
        Files.writeString(config, "sink = kafka\nkafka.topic = logs\nkafka.bootstrap.servers = 127.0.0.1:9\nkafka.lingerms = 5\n");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                readerJar.toString(), "forward", "--config", config.toString(), "--cursor-file",
                dir.resolve("cursor").toString(), "--file", Files.createFile(dir.resolve("saved-" + System.nanoTime())).toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        return new String[] {Integer.toString(p.exitValue()), err};
    }

    @Test
    void theReaderFindsThePluginBesideItsJarAndWithoutItNamesThePackage() throws IOException, InterruptedException {
        Path installed = Files.createDirectories(dir.resolve("share/logger-reader"));
        Path jar = Files.copy(READER_JAR, installed.resolve("logger-reader.jar"));
        String[] without = forward(jar);
        assertEquals("2", without[0], without[1]);
        assertEquals(1, without[1].lines().count(), without[1]);
        assertTrue(without[1].contains(": sink = kafka needs the package logger-reader-kafka, which is not installed (no "
                + "plugin of that sink in " + installed.resolve("plugins") + ")"), without[1]);

        Files.copy(PLUGIN_JAR, Files.createDirectories(installed.resolve("plugins")).resolve("logger-reader-kafka.jar"));
        String[] with = forward(jar);
        assertEquals("2", with[0], with[1]);
        assertEquals(new ArrayList<>(List.of("logger-reader: the forwarder's configuration " + dir.resolve("kafka.conf")
                + ": kafka.lingerms is not a setting of the Kafka producer")),
                with[1].lines().toList(), "the plugin's own check, one line");
    }
}
