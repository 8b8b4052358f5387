package io.github.kernellogger.reader.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class GapTrackerTest {

    @Test
    void aJumpTheDeviceCountedAsMissedIsALoss() {
        GapTracker t = new GapTracker(10, 0);
        assertNull(t.record(10));
        t.missed(5);
        assertEquals(new Gap(5, 11, 15), t.record(16));
        assertNull(t.record(17));
        assertEquals(5, t.lost());
    }

    @Test
    void aJumpWithoutMissedRecordsIsNotALoss() {
        // Other users' records (a reader without CAP_SYSLOG) or a clear.
        GapTracker t = new GapTracker(1, 7);
        t.missed(7);
        assertNull(t.record(1));
        assertNull(t.record(9));
        assertEquals(0, t.lost());
    }

    @Test
    void missedRecordsAfterTheLastReadWaitForTheNextJumpOrTheEnd() {
        GapTracker t = new GapTracker(1, 0);
        assertNull(t.record(1));
        assertNull(t.record(2));
        t.missed(3);
        // A jump of 5 of which 3 were missed (the other 2: another user's records).
        assertEquals(new Gap(3, 3, 7), t.record(8));
        t.missed(5); // evicted after the last read, before reading stopped
        assertEquals(new Gap(2, 9, 10), t.finish());
        assertNull(t.finish());
        assertEquals(5, t.lost());
    }

    @Test
    void aResumeAfterOverwrittenRecordsIsALoss() {
        GapTracker t = new GapTracker(120, 0);
        assertEquals(new Gap(19, 101, 119), t.resumedAfter(100));
        assertNull(new GapTracker(101, 0).resumedAfter(100));
        assertEquals(19, t.lost());
    }
}
