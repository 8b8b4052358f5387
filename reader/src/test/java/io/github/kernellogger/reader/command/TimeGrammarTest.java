package io.github.kernellogger.reader.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * journalctl's time grammar (systemd.time(7)), at a fixed now: Wednesday 2026-11-25 17:00 in
 * Berlin, 16:00 UTC.
 */
class TimeGrammarTest {
    private final TimeGrammar time = new TimeGrammar(Clock.fixed(Instant.parse("2026-11-25T16:00:00Z"),
            ZoneId.of("Europe/Berlin")));

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", value = {
        // Words, at midnight in the local zone (UTC+1), or in the zone given.
        "now => 2026-11-25T16:00:00Z",
        "today => 2026-11-24T23:00:00Z",
        "yesterday => 2026-11-23T23:00:00Z",
        "tomorrow => 2026-11-25T23:00:00Z",
        "today UTC => 2026-11-25T00:00:00Z",
        "yesterday Asia/Tokyo => 2026-11-24T15:00:00Z",
        // Times of today, dates at midnight, both; local unless a zone is given.
        "16:04 => 2026-11-25T15:04:00Z",
        "16:04:05 => 2026-11-25T15:04:05Z",
        "16:04:05.123456 => 2026-11-25T15:04:05.123456Z",
        "2026-11-25 => 2026-11-24T23:00:00Z",
        "26-11-25 => 2026-11-24T23:00:00Z",
        "2026-11-25 16:04 => 2026-11-25T15:04:00Z",
        "2026-11-25 16:04:05 => 2026-11-25T15:04:05Z",
        "2026-11-25T16:04:05 => 2026-11-25T15:04:05Z",
        "2026-6-5 8:04 => 2026-06-05T06:04:00Z",
        "Wed 2026-11-25 16:04 => 2026-11-25T15:04:00Z",
        "wednesday 2026-11-25 16:04:05 => 2026-11-25T15:04:05Z",
        // Zones: after a space (UTC, IANA names, offsets), or RFC 3339's right after the time.
        "2026-11-25 16:04:05 UTC => 2026-11-25T16:04:05Z",
        "2026-11-25 16:04 Asia/Tokyo => 2026-11-25T07:04:00Z",
        "2026-11-25 16:04 +05:30 => 2026-11-25T10:34:00Z",
        "2026-11-25 16:04 -0500 => 2026-11-25T21:04:00Z",
        "16:04 UTC => 2026-11-25T16:04:00Z",
        "2026-11-25T16:04:05Z => 2026-11-25T16:04:05Z",
        "2026-11-25T16:04:05.5+05:30 => 2026-11-25T10:34:05.5Z",
        "2026-11-25T16:04-02:00 => 2026-11-25T18:04:00Z",
        // Relative to now, and to the epoch.
        "-10m => 2026-11-25T15:50:00Z",
        "+1h => 2026-11-25T17:00:00Z",
        "-1h 30min => 2026-11-25T14:30:00Z",
        "-1.5h => 2026-11-25T14:30:00Z",
        "11min ago => 2026-11-25T15:49:00Z",
        "3h left => 2026-11-25T19:00:00Z",
        "@1795622662 => 2026-11-25T16:04:22Z",
        "@1795622662.25 => 2026-11-25T16:04:22.25Z",
        // A span alone, as earlier versions took it: that long ago.
        "10m => 2026-11-25T15:50:00Z",
        "2h => 2026-11-25T14:00:00Z",
        "1d => 2026-11-24T16:00:00Z",
        "30s => 2026-11-25T15:59:30Z",
    })
    void timestamps(String text, String expected) {
        assertEquals(Instant.parse(expected), time.timestamp(text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"soonish", "", "2026-13-01", "2026-02-30", "25:00", "16:60", "Mon 2026-11-25",
        "Funday 16:04", "16:04 Mars/Olympus", "2026-11-25 16:04 +25:00", "-", "@", "10 parsecs ago",
        "2026-11-25 16:04:05 UTC UTC", "today 16:04"})
    void anythingElseSaysWhatIsAccepted(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> time.timestamp(text));
        assertEquals("'" + text + "' is not a time: use 2026-11-25 16:04:05, 16:04, today, yesterday, "
                + "now, -10m, +1h, '10min ago', @1795622662 or ISO 8601 with an offset "
                + "(2026-11-25T16:04:05+01:00); see systemd.time(7)", e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", value = {
        "30s => PT30S",
        "30 s => PT30S",
        "90 => PT1M30S",
        "5min => PT5M",
        "5m => PT5M",
        "1h 30min => PT1H30M",
        "1h30m => PT1H30M",
        "1.5h => PT1H30M",
        "2hours => PT2H",
        "48hr => PT48H",
        "55s500ms => PT55.5S",
        "300ms20s 5day => PT120H20.3S",
        "250us => PT0.00025S",
        "250µs => PT0.00025S",
        "100ns => PT0.0000001S",
        "1w => PT168H",
        "1M => PT730H33M36S",
        "1y => PT8766H",
        "+30s => PT30S",
        "PT30S => PT30S",
    })
    void spans(String text, String expected) {
        assertEquals(Duration.parse(expected), time.span(text));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"soon", "", "-5s", "5 parsecs", "s", "1.h", "5min ago", "1h+", "PT"})
    void anythingElseIsNoSpan(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> time.span(text));
        assertEquals("'" + text + "' is not a time span: use 30s, 5min, '1h 30min', 1.5h or 90 (seconds); "
                + "see systemd.time(7)", e.getMessage());
    }

    @Test
    void theConvertersSayWhatIsAcceptedToPicocli() {
        assertThrows(picocli.CommandLine.TypeConversionException.class, () -> new TimeGrammar.Timestamp().convert("soonish"));
        assertThrows(picocli.CommandLine.TypeConversionException.class, () -> new TimeGrammar.Span().convert("soon"));
    }
}
