package io.github.kernellogger.reader.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CursorFileTest {
    private static final String INSTANCE = "0123456789abcdef0123456789abcdef";

    @Test
    void keepsTheLastSeqAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        CursorFile f = new CursorFile(dir.resolve("cursor"));
        assertEquals(Optional.empty(), f.read());
        f.write(new Cursor(41, null));
        f.write(new Cursor(42, null));
        assertEquals(Optional.of(new Cursor(42, null)), f.read());
        assertEquals("seq=42\n", Files.readString(dir.resolve("cursor")));
        assertFalse(Files.exists(dir.resolve("cursor.tmp")));
    }

    @Test
    void keepsTheModulesLoadIdBesideTheSeq(@TempDir Path dir) throws IOException {
        CursorFile f = new CursorFile(dir.resolve("cursor"));
        f.write(new Cursor(42, INSTANCE));
        assertEquals("instance=" + INSTANCE + ";seq=42\n", Files.readString(dir.resolve("cursor")));
        assertEquals(Optional.of(new Cursor(42, INSTANCE)), f.read());
    }

    @Test
    void readsTheFormatOfEarlierVersionsAndIgnoresKeysItDoesNotKnow(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("old"), "42\n");
        assertEquals(Optional.of(new Cursor(42, null)), new CursorFile(dir.resolve("old")).read());
        Files.writeString(dir.resolve("later"), "seq=7;boot=1;instance=" + INSTANCE + "\n");
        assertEquals(Optional.of(new Cursor(7, INSTANCE)), new CursorFile(dir.resolve("later")).read());
    }

    @Test
    void aCursorThatCannotBeWrittenSaysWhichFileAndWhy(@TempDir Path dir) throws IOException {
        CursorFile inMissingFolder = new CursorFile(dir.resolve("missing/cursor"));
        IOException e = assertThrows(IOException.class, inMissingFolder::checkWritable);
        assertEquals("cannot keep the cursor in " + dir.resolve("missing/cursor") + ": the folder "
                + dir.resolve("missing") + " does not exist", e.getMessage());
        e = assertThrows(IOException.class, () -> inMissingFolder.write(new Cursor(1, null)));
        assertEquals("cannot write the cursor file " + dir.resolve("missing/cursor") + ": the folder "
                + dir.resolve("missing") + " does not exist", e.getMessage());

        Files.createDirectory(dir.resolve("folder"));
        CursorFile aFolder = new CursorFile(dir.resolve("folder"));
        e = assertThrows(IOException.class, aFolder::checkWritable);
        assertEquals("cannot keep the cursor in " + dir.resolve("folder") + ": it is a folder", e.getMessage());
        e = assertThrows(IOException.class, aFolder::read);
        assertEquals("cannot read the cursor file " + dir.resolve("folder") + ": Is a directory", e.getMessage());
    }

    @Test
    void aFileThatHoldsNoCursorIsAnError(@TempDir Path dir) throws IOException {
        for (String text : new String[] {"banana", "seq=", "seq=-1", "instance=" + INSTANCE, "seq=3;instance=xyz"}) {
            Files.writeString(dir.resolve("cursor"), text);
            IOException e = assertThrows(IOException.class, () -> new CursorFile(dir.resolve("cursor")).read());
            assertEquals(dir.resolve("cursor") + " does not hold a cursor (seq=N), it holds '" + text + "'",
                    e.getMessage());
        }
    }

    @Test
    void aCursorFileWithAnIntervalHoldsBackWhatComesSoonerAndWritesItOnFlush(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path path = dir.resolve("cursor");
        CursorFile file = new CursorFile(path, java.time.Duration.ofHours(1));
        file.write(new Cursor(1, null));
        file.write(new Cursor(2, null));
        file.write(new Cursor(3, null));
        assertEquals("seq=1\n", java.nio.file.Files.readString(path), "the first at once, the others held");
        assertEquals(java.util.Optional.of(new Cursor(3, null)), file.read(), "the newest kept, held or not");
        file.flushIfDue();
        assertEquals("seq=1\n", java.nio.file.Files.readString(path), "an hour has not passed");
        file.flush();
        assertEquals("seq=3\n", java.nio.file.Files.readString(path), "the end of a run writes it");
        assertEquals(java.util.Optional.of(new Cursor(3, null)), new CursorFile(path).read());
    }
}
