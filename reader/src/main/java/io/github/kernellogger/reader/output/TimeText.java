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
    /** "000" to "999", back to back: a fraction is written three digits at a time. */
    private static final byte[] TRIPLETS = new byte[3000];

    static {
        for (int i = 0; i < 1000; i++) {
            TRIPLETS[3 * i] = (byte) ('0' + i / 100);
            TRIPLETS[3 * i + 1] = (byte) ('0' + i / 10 % 10);
            TRIPLETS[3 * i + 2] = (byte) ('0' + i % 10);
        }
    }

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
     * @param digits the fraction's digits after a '.': 6 (microseconds) or 9 (nanoseconds)
     * @param tail the pattern after the fraction ({@code "xxx"}, {@code "' 'zzz"}), or null
     */
    TimeText(String head, int digits, String tail, ZoneId zone) {
        if (digits != 6 && digits != 9) {
            throw new IllegalArgumentException("a fraction of 6 or 9 digits, not " + digits);
        }
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
        int at = headLength + 1;
        if (digits == 9) {
            at = triplet(nanos / 1_000_000, at);
            at = triplet(nanos / 1000 % 1000, at);
            at = triplet(nanos % 1000, at);
        } else {
            int micros = nanos / 1000;
            at = triplet(micros / 1000, at);
            at = triplet(micros % 1000, at);
        }
        System.arraycopy(tailBytes, 0, text, at, tailBytes.length);
        return at + tailBytes.length;
    }

    /** Writes {@code n}, 0..999, as three digits at {@code at}; returns where they end. */
    private int triplet(int n, int at) {
        System.arraycopy(TRIPLETS, 3 * n, text, at, 3);
        return at + 3;
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
