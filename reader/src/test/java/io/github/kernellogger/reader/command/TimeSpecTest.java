package io.github.kernellogger.reader.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class TimeSpecTest {
    private final TimeSpec spec = new TimeSpec(Clock.fixed(Instant.parse("2026-11-25T16:00:00Z"),
            ZoneId.of("Europe/Berlin")));

    @Test
    void spansAgo() {
        assertEquals(Instant.parse("2026-11-25T15:50:00Z"), spec.convert("10m"));
        assertEquals(Instant.parse("2026-11-25T14:00:00Z"), spec.convert("2h"));
        assertEquals(Instant.parse("2026-11-24T16:00:00Z"), spec.convert("1d"));
        assertEquals(Instant.parse("2026-11-25T15:59:30Z"), spec.convert("30s"));
        assertEquals(Instant.parse("2026-11-25T16:00:00Z"), spec.convert("now"));
    }

    @Test
    void isoTimesDatesAndLocalTimes() {
        assertEquals(Instant.parse("2026-11-25T16:04:22Z"), spec.convert("2026-11-25T16:04:22Z"));
        assertEquals(Instant.parse("2026-11-25T15:04:22Z"), spec.convert("2026-11-25T16:04:22+01:00"));
        // Local times are in the local zone (Berlin is UTC+1 in November).
        assertEquals(Instant.parse("2026-11-25T15:04:00Z"), spec.convert("2026-11-25 16:04"));
        assertEquals(Instant.parse("2026-11-24T23:00:00Z"), spec.convert("2026-11-25"));
    }

    @Test
    void anythingElseSaysWhatIsAccepted() {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> spec.convert("yesterday"));
        assertEquals("'yesterday' is not a time: use an ISO time (2026-11-25T16:04:22Z, 2026-11-25 16:04), "
                + "a date, now, or a span ago (30s, 10m, 2h, 1d)", e.getMessage());
    }
}
