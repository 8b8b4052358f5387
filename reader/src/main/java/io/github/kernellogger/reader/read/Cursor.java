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
        if (instance != null && !INSTANCE.matcher(instance).matches()) {
            throw new IllegalArgumentException("an instance id is 32 hex digits: " + instance);
        }
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
