package io.github.kernellogger.reader.read;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When a cursor belongs to another load of the module: then a reader starts from the oldest record. */
class CursorTest {
    private static final String LOAD = "0123456789abcdef0123456789abcdef";
    private static final String OTHER = "fedcba9876543210fedcba9876543210";

    @Test
    void aCursorWithALoadIdIsOfAnotherLoadExactlyWhenTheIdDiffers() {
        assertFalse(new Cursor(3, LOAD).isOfAnotherLoad(LOAD, 100));
        assertTrue(new Cursor(3, LOAD).isOfAnotherLoad(OTHER, 100), "reloaded: its seq 3 is not this load's 3");
        assertTrue(new Cursor(3, LOAD).isOfAnotherLoad(null, 100), "a module of ABI version 1 now");
        assertTrue(new Cursor(500, LOAD).isOfAnotherLoad(OTHER, 10));
    }

    @Test
    void aCursorWithoutOneIsOfAnotherLoadWhenItsSeqIsBeyondTheNewest() {
        assertFalse(new Cursor(3, null).isOfAnotherLoad(LOAD, 100), "cannot tell: resume");
        assertFalse(new Cursor(99, null).isOfAnotherLoad(null, 100));
        assertTrue(new Cursor(100, null).isOfAnotherLoad(null, 100), "seq 100 is not written yet");
        assertTrue(new Cursor(3, null).isOfAnotherLoad(LOAD, 1), "an empty new load");
        assertFalse(new Cursor(0, null).isOfAnotherLoad(null, 1), "before the first record of an empty one");
    }
}
