package io.github.kernellogger.reader.read;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;

/**
 * The seq of the last record read, kept in a file so that the next run resumes right after it.
 * Writes go to a temporary file beside it and are renamed over it, so a crash never leaves a
 * half-written cursor.
 */
public final class CursorFile {
    private final Path path;
    private final Path temp;

    public CursorFile(Path path) {
        this.path = path;
        this.temp = path.resolveSibling(path.getFileName() + ".tmp");
    }

    Path path() {
        return path;
    }

    /** The seq stored, or empty if there is no file yet. */
    OptionalLong read() throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseUnsignedLong(text));
        } catch (NumberFormatException e) {
            throw new IOException(path + " does not hold a seq (it holds '" + text + "')");
        }
    }

    void write(long seq) throws IOException {
        Files.writeString(temp, seq + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
