package io.github.kernellogger.reader.read;

import java.util.List;

/** Where the records of a saved log start, for the tests of other packages. */
public final class SavedLogTestAccess {
    private SavedLogTestAccess() {}

    public static List<Integer> recordsAt(byte[] saved) {
        return SavedLogTest.recordsAt(saved);
    }
}
