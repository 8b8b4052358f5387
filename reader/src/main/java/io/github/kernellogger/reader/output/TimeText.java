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
    private int length;

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
        this.text = new byte[128];
    }

    /** Writes the time of {@code epochNanos} into {@link #bytes()}; returns its length. */
    int format(long epochNanos) {
        long s = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) (epochNanos - s * 1_000_000_000L);
        if (s != second) {
            // Once a second: the parts around the fraction, in place, the fraction left open.
            ZonedDateTime t = Instant.ofEpochSecond(s).atZone(zone);
            byte[] h = head.format(t).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(h, 0, text, 0, h.length);
            headLength = h.length;
            text[headLength] = '.';
            byte[] after = tail == null ? new byte[0] : tail.format(t).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(after, 0, text, headLength + 1 + digits, after.length);
            length = headLength + 1 + digits + after.length;
            second = s;
        }
        int at = headLength + 1;
        if (digits == 9) {
            triplet(nanos / 1_000_000, at);
            triplet(nanos / 1000 % 1000, at + 3);
            triplet(nanos % 1000, at + 6);
        } else {
            int micros = nanos / 1000;
            triplet(micros / 1000, at);
            triplet(micros % 1000, at + 3);
        }
        return length;
    }

    /** Writes {@code n}, 0..999, as three digits at {@code at}. */
    private void triplet(int n, int at) {
        int i = 3 * n;
        text[at] = TRIPLETS[i];
        text[at + 1] = TRIPLETS[i + 1];
        text[at + 2] = TRIPLETS[i + 2];
    }

    /** The second of the time last formatted, since the epoch. */
    long second() {
        return second;
    }

    /** Where the fraction's digits start in {@link #bytes()}, after the last {@link #format}. */
    int fractionStart() {
        return headLength + 1;
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
