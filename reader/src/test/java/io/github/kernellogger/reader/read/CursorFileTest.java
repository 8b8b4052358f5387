package io.github.kernellogger.reader.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CursorFileTest {

    @Test
    void keepsTheLastSeqAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        CursorFile f = new CursorFile(dir.resolve("cursor"));
        assertEquals(OptionalLong.empty(), f.read());
        f.write(41);
        f.write(42);
        assertEquals(OptionalLong.of(42), f.read());
        assertEquals("42\n", Files.readString(dir.resolve("cursor")));
        assertFalse(Files.exists(dir.resolve("cursor.tmp")));
    }

    @Test
    void aCursorThatCannotBeWrittenSaysWhichFileAndWhy(@TempDir Path dir) throws IOException {
        CursorFile inMissingFolder = new CursorFile(dir.resolve("missing/cursor"));
        IOException e = assertThrows(IOException.class, inMissingFolder::checkWritable);
        assertEquals("cannot keep the cursor in " + dir.resolve("missing/cursor") + ": the folder "
                + dir.resolve("missing") + " does not exist", e.getMessage());
        e = assertThrows(IOException.class, () -> inMissingFolder.write(1));
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
    void aFileThatHoldsNoSeqIsAnError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cursor"), "banana");
        IOException e = assertThrows(IOException.class, () -> new CursorFile(dir.resolve("cursor")).read());
        assertEquals(dir.resolve("cursor") + " does not hold a seq (it holds 'banana')", e.getMessage());
    }
}
