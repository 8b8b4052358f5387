package io.github.kernellogger.reader.read;

import java.util.regex.Pattern;

/**
 * A systemd unit as {@code -u} takes it, the way journalctl's {@code -u} does: a name, where
 * {@code .service} may be left out ({@code -u nginx} is {@code nginx.service}), or a glob of
 * {@code *}, {@code ?} and {@code [...]} ({@code -u 'nginx*'}), matched against the record's
 * {@code _SYSTEMD_UNIT}. A slice ({@code -u system.slice}, {@code -u 'user-*.slice'}) matches the
 * records of every unit in it, at any depth.
 */
public final class UnitPattern {
    private static final Pattern UNIT_SUFFIX = Pattern.compile(
            ".*\\.(service|scope|socket|mount|swap|target|device|timer|path|automount|slice)");

    private final String text;
    private final Pattern glob;
    private final boolean slice;

    private UnitPattern(String text) {
        this.text = text;
        this.glob = Pattern.compile(regex(text));
        this.slice = text.endsWith(".slice");
    }

    /**
     * The pattern {@code -u} was given.
     *
     * @throws IllegalArgumentException if it is empty or has a '/'
     */
    public static UnitPattern of(String text) {
        if (text.isEmpty() || text.indexOf('/') >= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a unit: a unit's name has no '/' "
                    + "(nginx.service, nginx, 'nginx*', system.slice)");
        }
        boolean isGlob = text.chars().anyMatch(c -> c == '*' || c == '?' || c == '[');
        return new UnitPattern(isGlob || UNIT_SUFFIX.matcher(text).matches() ? text : text + ".service");
    }

    /** Whether the records of cgroup {@code c} are of this unit (or slice). */
    public boolean matches(Cgroup c) {
        if (!slice) {
            return c.unit() != null && glob.matcher(c.unit()).matches();
        }
        for (String part : c.path().split("/")) {
            if (part.endsWith(".slice") && glob.matcher(part).matches()) {
                return true;
            }
            if (part.equals(c.unit())) {
                return false;
            }
        }
        return false;
    }

    /** A glob as fnmatch(3) reads it, as a regular expression. */
    private static String regex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[' && glob.indexOf(']', i + 2) > 0) {
                int close = glob.indexOf(']', i + 2);
                String set = glob.substring(i + 1, close);
                re.append('[').append(set.startsWith("!") ? "^" + quoteSet(set.substring(1)) : quoteSet(set)).append(']');
                i = close;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    /** The characters of a bracket set, the range dash kept, anything else literal. */
    private static String quoteSet(String set) {
        StringBuilder s = new StringBuilder();
        for (char c : set.toCharArray()) {
            if (c == '-' || Character.isLetterOrDigit(c)) {
                s.append(c);
            } else {
                s.append('\\').append(c);
            }
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
