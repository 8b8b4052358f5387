package io.github.kernellogger.reader.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@link Cursor} of the last record read, kept in a file (one line, its text form) so that
 * the next run resumes right after it. Writes go to a temporary file beside it, flushed to the
 * disk, and are renamed over it, so a crash never leaves a half-written cursor. Every failure
 * names the file and the reason.
 *
 * <p>Each such write costs a few milliseconds of fsync. A cursor file made with a least interval
 * ({@link #CursorFile(Path, Duration)}, the forwarder's, whose sinks accept records batch after
 * batch) writes at most once per interval: a cursor given sooner is held, the newest one, and
 * written by {@link #flushIfDue} or {@link #flush}; after a crash the next run then resumes up to
 * that interval earlier (records sent twice, never skipped). Thread-safe.
 */
public final class CursorFile {
    private final Path path;
    private final Path temp;
    private final long intervalNanos;
    /** The newest cursor given and not yet written; null when none is held. */
    private Cursor held;
    private long writtenNanos;
    private boolean everWritten;

    /** A cursor file that writes every cursor it is given at once. */
    public CursorFile(Path path) {
        this(path, Duration.ZERO);
    }

    /** A cursor file that writes at most once per {@code interval} (see above). */
    public CursorFile(Path path, Duration interval) {
        this.path = path;
        this.temp = path.resolveSibling(path.getFileName() + ".tmp");
        this.intervalNanos = interval.toNanos();
    }

    public Path path() {
        return path;
    }

    /**
     * Checks, before anything is read, that the cursor can be kept: its folder exists and may
     * be written (the temporary file goes there), and it is no folder itself.
     */
    public void checkWritable() throws IOException {
        Path folder = folder();
        String cannot = "cannot keep the cursor in " + path + ": ";
        if (!Files.isDirectory(folder)) {
            throw new IOException(cannot + "the folder " + folder + " does not exist");
        }
        if (Files.isDirectory(path)) {
            throw new IOException(cannot + "it is a folder");
        }
        if (!Files.isWritable(folder)) {
            throw new IOException(cannot + "the folder " + folder + " is not writable");
        }
    }

    /** The cursor kept: the one held to be written, else the one stored, else empty (no file yet). */
    public synchronized Optional<Cursor> read() throws IOException {
        if (held != null) {
            return Optional.of(held);
        }
        String text;
        try {
            text = Files.readString(path, StandardCharsets.ISO_8859_1).trim();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IOException("cannot read the cursor file " + path + ": " + FileErrors.reason(path, e), e);
        }
        try {
            return Optional.of(Cursor.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IOException(path + " does not hold a cursor (seq=N), it holds '" + text + "'", e);
        }
    }

    /**
     * Replaces the file with {@code cursor}: the temporary file is written and flushed to the disk
     * (fsync) before it is renamed over the file, and the folder after, so that a crash or a power
     * cut leaves the old cursor or the new one, never an empty file (ext4 and XFS may otherwise
     * commit the rename before the data).
     */
    public synchronized void write(Cursor cursor) throws IOException {
        if (everWritten && System.nanoTime() - writtenNanos < intervalNanos) {
            held = cursor;
            return;
        }
        writeNow(cursor);
    }

    /** Writes the cursor held, if the interval since the last write has passed. */
    public synchronized void flushIfDue() throws IOException {
        if (held != null && System.nanoTime() - writtenNanos >= intervalNanos) {
            writeNow(held);
        }
    }

    /** Writes the cursor held, if any, now: at the end of a run. */
    public synchronized void flush() throws IOException {
        if (held != null) {
            writeNow(held);
        }
    }

    private void writeNow(Cursor cursor) throws IOException {
        held = null;
        writtenNanos = System.nanoTime();
        everWritten = true;
        try {
            try (FileChannel c = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer text = ByteBuffer.wrap((cursor.text() + "\n").getBytes(StandardCharsets.US_ASCII));
                while (text.hasRemaining()) {
                    c.write(text);
                }
                c.force(true);
            }
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
            syncFolder();
        } catch (IOException e) {
            throw new IOException("cannot write the cursor file " + path + ": " + FileErrors.reason(path, e), e);
        }
    }

    /** The rename made durable: the folder's entry flushed too, where the file system allows it. */
    private void syncFolder() {
        try (FileChannel folder = FileChannel.open(folder(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // Some file systems refuse to sync a folder; the file itself was synced.
        }
    }

    private Path folder() {
        return FileErrors.folder(path);
    }
}
