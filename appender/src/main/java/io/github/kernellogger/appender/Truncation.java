package io.github.kernellogger.appender;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a payload that is over the device's max_payload, so that it still fits and says so:
 * {@code "...[truncated 1234 bytes]"} takes the place of its end, and the cut falls on a UTF-8
 * character boundary.
 */
final class Truncation {
    private Truncation() {}

    /**
     * Cuts in place the payload that starts at {@code start} in {@code buf}, of which at least
     * the first {@code limit} bytes are there, and which was {@code total} bytes long.
     *
     * @return the new payload length, at most {@code limit}; {@code total} if it fits
     */
    static int cut(ByteBuffer buf, int start, long total, int limit) {
        if (total <= limit) {
            return (int) total;
        }
        // Fewer bytes kept make the count, and so the ending, longer: settle both.
        int keep = limit;
        byte[] ending;
        for (;;) {
            ending = ending(total - keep);
            int fit = Math.max(0, limit - ending.length);
            while (fit > 0 && (buf.get(start + fit) & 0xC0) == 0x80) {
                fit--; // a UTF-8 continuation byte: back up to the character's start
            }
            if (fit == keep) {
                break;
            }
            keep = fit;
        }
        buf.put(start + keep, ending);
        return keep + ending.length;
    }

    private static byte[] ending(long cut) {
        return ("...[truncated " + cut + " bytes]").getBytes(StandardCharsets.US_ASCII);
    }
}
