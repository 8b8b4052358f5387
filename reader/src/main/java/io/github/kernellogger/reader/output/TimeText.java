package io.github.kernellogger.reader.output;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A record's time as a format shows it: the part down to the second, then a fraction of
 * {@code digits} digits, then an optional zone part. The parts around the fraction come from
 * {@link DateTimeFormatter}s and are formatted once per second, not once per record: records
 * come thousands a second, and formatting a date is most of what a printer does otherwise.
 */
final class TimeText {
    private final DateTimeFormatter head;
    private final int digits;
    private final DateTimeFormatter tail;
    private final ZoneId zone;
    private final byte[] text;

    private long second = Long.MIN_VALUE;
    private int headLength;
    private byte[] tailBytes = new byte[0];

    /**
     * @param head the pattern down to the second, {@code "MMM dd HH:mm:ss"}
     * @param digits the fraction's digits after a '.', 1..9 (6: microseconds)
     * @param tail the pattern after the fraction ({@code "xxx"}, {@code "' 'zzz"}), or null
     */
    TimeText(String head, int digits, String tail, ZoneId zone) {
        this.head = DateTimeFormatter.ofPattern(head, Locale.ROOT);
        this.digits = digits;
        this.tail = tail == null ? null : DateTimeFormatter.ofPattern(tail, Locale.ROOT);
        this.zone = zone;
        this.text = new byte[96];
    }

    /** Writes the time of {@code epochNanos} into {@link #bytes()}; returns its length. */
    int format(long epochNanos) {
        long s = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        if (s != second) {
            ZonedDateTime t = Instant.ofEpochSecond(s).atZone(zone);
            byte[] h = head.format(t).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(h, 0, text, 0, h.length);
            headLength = h.length;
            text[headLength] = '.';
            tailBytes = tail == null ? tailBytes : tail.format(t).getBytes(StandardCharsets.UTF_8);
            second = s;
        }
        int at = headLength + 1 + digits;
        int fraction = nanos;
        for (int i = digits; i < 9; i++) {
            fraction /= 10;
        }
        for (int i = at - 1; i > headLength; i--) {
            text[i] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        System.arraycopy(tailBytes, 0, text, at, tailBytes.length);
        return at + tailBytes.length;
    }

    /** The buffer {@link #format} writes into; valid up to the length it returned. */
    byte[] bytes() {
        return text;
    }

    void append(OutputBuffer out, long epochNanos) {
        int n = format(epochNanos);
        out.append(text, 0, n);
    }
}
