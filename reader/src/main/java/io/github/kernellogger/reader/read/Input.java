package io.github.kernellogger.reader.read;

import java.io.InputStream;
import java.nio.file.Path;

/** What a run reads: the device, or a log saved with {@code -o binary}. */
public sealed interface Input {

    /** The device node ({@code /dev/logger}). */
    record Device(Path path) implements Input {}

    /** A saved log in a file. */
    record SavedFile(Path path) implements Input {}

    /**
     * A saved log arriving on a stream, such as standard input: read as it comes, to its end.
     *
     * @param name what messages call it ("standard input")
     */
    record SavedStream(String name, InputStream in) implements Input {}
}
