package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * logcat's filter specs: {@code TAG[:LEVEL]} each, a record passing if its level is its tag's
 * level or more severe. {@code LEVEL} is one of logcat's letters, V (verbose) D (debug) I (info)
 * W (warning) E (error) F (fatal) S (silent: nothing), or a syslog or Log4j name ({@code err},
 * {@code warn}); without one it is V. A tag may be a pattern ({@link TagPattern}:
 * {@code com.acme.*:W}).
 *
 * <p>A record's tag takes the level of the most specific spec that matches it, the one whose
 * pattern names the most characters (an exact tag before any pattern, {@code *} last), and of
 * two as specific the later; a tag that no spec matches takes V, as in logcat, unless
 * {@code *:LEVEL} says otherwise: {@code Payments:D *:S} shows Payments alone.
 *
 * <p>The level is split off at the last ':', so a tag with one takes a level after it
 * ({@code kworker/0:1:V}). Numbers are no levels here, for that reason.
 */
public final class FilterSpecs implements Predicate<LogRecord> {
    /** Letters of logcat, and the least severe level each lets through; S lets none. */
    private static final String LETTERS = "VDIWEFS";
    private static final SyslogLevel[] OF_LETTER = {SyslogLevel.DEBUG, SyslogLevel.DEBUG,
        SyslogLevel.INFO, SyslogLevel.WARNING, SyslogLevel.ERR, SyslogLevel.ALERT, null};

    /** @param leastSevere the least severe level let through; null lets none (S) */
    private record Spec(TagPattern tag, SyslogLevel leastSevere) {}

    private final List<Spec> specs;

    private FilterSpecs(List<Spec> specs) {
        this.specs = List.copyOf(specs);
    }

    /**
     * The filter of these specs.
     *
     * @throws IllegalArgumentException naming the first spec that is none
     */
    public static FilterSpecs parse(List<String> specs) {
        List<Spec> parsed = new ArrayList<>();
        for (String s : specs) {
            parsed.add(spec(s));
        }
        return new FilterSpecs(parsed);
    }

    private static Spec spec(String text) {
        int colon = text.lastIndexOf(':');
        String tag = colon < 0 ? text : text.substring(0, colon);
        if (tag.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a filter spec: no tag before the level "
                    + "(use TAG:LEVEL, or '*:LEVEL' for every tag)");
        }
        if (colon < 0) {
            return new Spec(TagPattern.of(tag), SyslogLevel.DEBUG);
        }
        String name = text.substring(colon + 1);
        Optional<Optional<SyslogLevel>> level = level(name);
        if (level.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a filter spec: '" + name + "' is not a level "
                    + "(use one of V D I W E F S, or a name such as err or warning; a tag with a ':' takes a "
                    + "level after it: '" + text + ":V')");
        }
        return new Spec(TagPattern.of(tag), level.get().orElse(null));
    }

    /** The least severe level {@code name} lets through (empty inside for S), or empty for none. */
    private static Optional<Optional<SyslogLevel>> level(String name) {
        if (name.length() == 1) {
            int letter = LETTERS.indexOf(name.toUpperCase(Locale.ROOT).charAt(0));
            return letter < 0 ? Optional.empty() : Optional.of(Optional.ofNullable(OF_LETTER[letter]));
        }
        if (name.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return SyslogLevel.parse(name).map(Optional::of);
    }

    @Override
    public boolean test(LogRecord r) {
        String tag = TagPattern.tagOf(r);
        Spec best = null;
        for (Spec s : specs) {
            if (s.tag().matches(tag) && (best == null || s.tag().specificity() >= best.tag().specificity())) {
                best = s;
            }
        }
        if (best == null) {
            return true;
        }
        return best.leastSevere() != null && r.level().isAtLeast(best.leastSevere());
    }
}
