package io.github.kernellogger.reader.forward.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The temporary folder of one harness: its engine's configuration, data, received output and
 * logs. Deleted when the harness closes, unless the system property
 * {@code kernellogger.engines.keep} is {@code true} (then its path is printed, to look at after a
 * failure).
 */
final class EngineDirectory {
    private EngineDirectory() {
    }

    static Path create(String engine) {
        try {
            return Files.createTempDirectory("kernel-logger-" + engine + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for " + engine, e);
        }
    }

    static void delete(Path dir) {
        if (Boolean.getBoolean("kernellogger.engines.keep")) {
            System.err.println("kept " + dir + " (kernellogger.engines.keep)");
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
