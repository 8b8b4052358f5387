package io.github.kernellogger.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a payload that is over the device's max_payload, so that it still fits and says so:
 * {@code "...[truncated 1234 bytes]"} takes the place of its end, and the cut falls on a UTF-8
 * character boundary.
 */
final class Truncation {
    private Truncation() {}

    /** The ending when the full one does not fit. */
    private static final byte[] SHORT_ENDING = {'.', '.', '.'};
    private static final byte[] NO_ENDING = {};

    /**
     * Cuts in place the payload that starts at {@code start} in {@code buf}, of which at least
     * the first {@code limit} bytes are there, and which was {@code total} bytes long. The result
     * always fits: where {@code limit} is too small for {@code "...[truncated N bytes]"}, the
     * ending is {@code "..."}, and below 3 bytes there is none.
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
            if (ending.length > limit) {
                ending = limit >= SHORT_ENDING.length ? SHORT_ENDING : NO_ENDING;
                keep = characterBoundary(buf, start, limit - ending.length);
                break;
            }
            int fit = characterBoundary(buf, start, limit - ending.length);
            if (fit == keep) {
                break;
            }
            keep = fit;
        }
        buf.put(start + keep, ending);
        return keep + ending.length;
    }

    /**
     * The longest cut of at most {@code fit} bytes that does not split a UTF-8 character,
     * reading only the bytes before the cut: those after it may not be there.
     */
    private static int characterBoundary(ByteBuffer buf, int start, int fit) {
        int lead = fit - 1;
        while (lead >= 0 && lead > fit - 4 && (buf.get(start + lead) & 0xC0) == 0x80) {
            lead--; // a continuation byte: back up to the character's first byte
        }
        if (lead < 0) {
            return fit;
        }
        int first = buf.get(start + lead) & 0xFF;
        int length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1;
        return lead + length <= fit ? fit : lead;
    }

    private static byte[] ending(long cut) {
        return ("...[truncated " + cut + " bytes]").getBytes(StandardCharsets.US_ASCII);
    }
}
