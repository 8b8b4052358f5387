package io.github.kernellogger.reader.read;

import java.util.regex.Pattern;

/**
 * Where a reader stopped: the seq of the last record it read and, from ABI version 2, the load
 * id of the module that gave that seq ({@code instance_id}, 32 hex digits), without which a seq
 * means nothing after the module was reloaded and seqs restarted at 1.
 *
 * <p>As text, the form {@link CursorFile} keeps and {@code -o verbose} shows:
 * {@code seq=42}, or {@code instance=0123...cdef;seq=42}: {@code ;}-separated
 * {@code key=value} pairs, as journald writes its cursors. A reader ignores keys it does not
 * know, and takes a bare number (the files of earlier versions) as the seq.
 *
 * @param seq the seq of the last record read, 1 or more
 * @param instance the module's load id in lower-case hex, or null where the module has none
 *     (ABI version 1)
 */
public record Cursor(long seq, String instance) {
    private static final Pattern INSTANCE = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SEQ = Pattern.compile("[0-9]{1,19}");

    public Cursor {
        if (seq < 0) {
            throw new IllegalArgumentException("a seq is 0 or more: " + seq);
        }
        if (instance != null && !isInstance(instance)) {
            throw new IllegalArgumentException("an instance id is 32 hex digits: " + instance);
        }
    }

    /**
     * 32 lower-case hex digits: what {@link #INSTANCE} matches, without a matcher, since a reader
     * makes a cursor per record read (a forwarder's sinks, a saved log's position).
     */
    private static boolean isInstance(String s) {
        if (s.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether this cursor was kept for another load of the module than the one whose load id is
     * {@code instance} (null for none) and whose next seq is {@code nextSeq}: then its seq means
     * nothing there, and a reader resumes from the oldest record. A cursor without a load id (kept
     * by an earlier version, or of a module of ABI version 1) shows it only by a seq beyond the
     * newest record, as seqs began again at 1; a reload after which the new load has written past
     * that seq cannot be told from it.
     */
    public boolean isOfAnotherLoad(String instance, long nextSeq) {
        return this.instance != null ? !this.instance.equals(instance) : seq >= nextSeq;
    }

    /** The text form, the instance first (it says which module the seq belongs to). */
    public String text() {
        return (instance != null ? "instance=" + instance + ";" : "") + "seq=" + seq;
    }

    /**
     * The cursor {@code text} holds.
     *
     * @throws IllegalArgumentException if it holds none
     */
    public static Cursor parse(String text) {
        String t = text.trim();
        if (SEQ.matcher(t).matches()) {
            return new Cursor(Long.parseLong(t), null);
        }
        Long seq = null;
        String instance = null;
        for (String pair : t.split(";")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (key.equals("seq")) {
                if (!SEQ.matcher(value).matches()) {
                    throw new IllegalArgumentException("seq '" + value + "' is not a seq");
                }
                seq = Long.parseLong(value);
            } else if (key.equals("instance")) {
                if (!INSTANCE.matcher(value).matches()) {
                    throw new IllegalArgumentException("instance '" + value + "' is not 32 hex digits");
                }
                instance = value;
            }
        }
        if (seq == null) {
            throw new IllegalArgumentException("no seq in '" + t + "'");
        }
        return new Cursor(seq, instance);
    }
}
