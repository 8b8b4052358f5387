package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LogRecord;

/**
 * A tag, or a pattern of tags where {@code *} stands for any run of characters
 * ({@code com.acme.*}, {@code *Payments}, {@code *}), as logcat's filter specs and {@code -t}
 * take them.
 *
 * <p>The tag of a record is its {@code TAG} field (the appender's logger name), or, for a record
 * without one (a plain write: {@code echo}, {@code cat}, a program of its own), the writer's
 * {@code comm}: the name {@code -o short} shows in its place.
 */
public final class TagPattern {
    private final String text;
    private final String[] parts;

    private TagPattern(String text) {
        this.text = text;
        this.parts = text.split("\\*", -1);
    }

    /** @throws IllegalArgumentException if {@code text} is empty */
    public static TagPattern of(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an empty tag");
        }
        return new TagPattern(text);
    }

    /** The tag of {@code r}, as described above. */
    public static String tagOf(LogRecord r) {
        return r.field("TAG").orElseGet(r::comm);
    }

    /** How specific the pattern is: the characters it names, its {@code *} not counted. */
    int specificity() {
        return text.length() - (parts.length - 1);
    }

    public boolean matches(String tag) {
        if (parts.length == 1) {
            return tag.equals(text);
        }
        String first = parts[0];
        String lastPart = parts[parts.length - 1];
        if (tag.length() < first.length() + lastPart.length() || !tag.startsWith(first) || !tag.endsWith(lastPart)) {
            return false;
        }
        int at = first.length();
        int end = tag.length() - lastPart.length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = tag.indexOf(parts[i], at);
            if (found < 0 || found + parts[i].length() > end) {
                return false;
            }
            at = found + parts[i].length();
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
