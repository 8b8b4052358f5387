package io.github.kernellogger.appender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The appender on the oldest Log4j it supports, which the README names ({@code log4j-oldest.version}
 * in the parent pom): the packaged jar, with log4j-api and log4j-core of that version and nothing
 * of the newer ones, in a JVM of its own ({@link OldestLog4jApp}), with Log4j's thread locals on
 * and off. Fields, the layout, a static field, syncLevel, the levels: the records are what the
 * current Log4j gives.
 */
class OldestLog4jIT {

    /**
     * The class path: the oldest Log4j, this module's jar and test classes, the core (and its
     * test classes: FakeDevice), and the device binding.
     */
    private static String classPath() throws IOException {
        List<String> entries = new ArrayList<>();
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("log4j.oldest.dir")))) {
            jars.map(Path::toString).sorted().forEach(entries::add);
        }
        entries.add(System.getProperty("appender.jar"));
        entries.add(System.getProperty("test.classes"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("logger-device") || entry.contains("/jna/")
                    || entry.contains("kernel-logger-core") || entry.matches(".*/core/target/(test-)?classes/?")) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theAppenderRunsOnTheOldestLog4jItSupports(boolean threadLocals) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", classPath(),
                "-Dlog4j2.configurationFile=log4j2-oldest.xml",
                "-Dlog4j2.enableThreadlocals=" + threadLocals,
                OldestLog4jApp.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        List<String> lines = out.lines().filter(l -> l.startsWith("log4j-core ") || l.startsWith("record "))
                .toList();
        String thread = "main";
        assertEquals(List.of(
                "log4j-core " + System.getProperty("log4j.oldest.version"),
                "record INFO | INFO hello world | SERVICE=payments, TAG=app.Oldest, THREAD=" + thread
                        + ", THREAD_ID=1, request=r-1",
                "record ERR | ERROR failed | SERVICE=payments, TAG=app.Oldest, THREAD=" + thread
                        + ", THREAD_ID=1"), lines, out);
    }
}
