package io.github.kernellogger.reader.command;

import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.output.OutputFormat;
import io.github.kernellogger.reader.read.FieldMatches;
import io.github.kernellogger.reader.read.FilterSpecs;
import io.github.kernellogger.reader.read.Input;
import io.github.kernellogger.reader.read.LogSurvey;
import io.github.kernellogger.reader.read.RecordFields;
import io.github.kernellogger.reader.read.RecordFilter;
import io.github.kernellogger.reader.read.TagPattern;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The arguments after the options, read so that every valid logcat filter spec and journalctl
 * match means what it means there, and a word that is neither is said to be neither:
 * <ol>
 *   <li>{@code +} is journalctl's OR between two groups of matches; it must have a match right
 *       before and right after it.</li>
 *   <li>A word with a {@code =} is a match, {@code KEY=VALUE}, taken as given (journalctl takes
 *       any field, even one no entry has).</li>
 *   <li>A word with a {@code :} is a filter spec, {@code TAG:LEVEL}, taken as given if LEVEL is a
 *       level (logcat takes any tag).</li>
 *   <li>Any other word (a bare {@code TAG}, logcat's {@code TAG:V}, or a {@code *} pattern) is a
 *       filter spec only if it names a tag the log has. Else it is an error that says what it would
 *       have meant and offers the nearest command, option, format, level, field or tag: a typo
 *       ({@code stat}, {@code clera}, {@code Payments} for {@code com.acme.Payments}) would
 *       otherwise be a spec that hides nothing, as logcat shows the tags no spec names.</li>
 * </ol>
 */
final class FilterArguments {
    private FilterArguments() {}

    /**
     * Adds the filters of {@code args} to {@code filter}.
     *
     * @param silent logcat's -s: every tag no spec names is silent ({@code *:S})
     * @param input the log, read once more to check bare words against its tags
     * @throws ParameterException saying which argument is wrong and why
     * @throws IOException if the log cannot be read to check a bare word
     */
    static void add(List<String> args, boolean silent, RecordFilter.Builder filter, RecordFields fields, Input input,
            CommandLine cmd) throws IOException {
        List<String> matches = new ArrayList<>();
        List<String> specs = new ArrayList<>();
        List<String> bare = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(FieldMatches.OR)) {
                checkOr(args, i, cmd);
                matches.add(a);
            } else if (FieldMatches.isMatch(a)) {
                matches.add(a);
            } else {
                specs.add(a);
                if (a.indexOf(':') < 0) {
                    bare.add(a);
                }
            }
        }
        boolean catchAll = silent || specs.stream().anyMatch(s -> s.startsWith("*:"));
        if (!bare.isEmpty()) {
            checkBare(bare, catchAll, input, cmd);
        }
        if (silent) {
            specs.add("*:S");
        }
        try {
            if (!matches.isEmpty()) {
                filter.add(String.join(" ", matches), FieldMatches.parse(matches, fields));
            }
            if (!specs.isEmpty()) {
                filter.add(silent ? "-s " + String.join(" ", specs.subList(0, specs.size() - 1)) : String.join(" ", specs),
                        FilterSpecs.parse(specs));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, e.getMessage());
        }
    }

    /** A '+' needs a match on each side. */
    private static void checkOr(List<String> args, int at, CommandLine cmd) {
        String before = at > 0 ? args.get(at - 1) : null;
        String after = at + 1 < args.size() ? args.get(at + 1) : null;
        for (String side : new String[] {before, after}) {
            if (side == null || side.equals(FieldMatches.OR)) {
                throw new ParameterException(cmd, "'+' goes between two groups of matches, as journalctl's OR "
                        + "(_PID=122 + TAG=x): it has no match " + (side == before ? "before" : "after") + " it");
            }
            if (!FieldMatches.isMatch(side)) {
                throw new ParameterException(cmd, "'+' joins groups of matches (KEY=VALUE + KEY=VALUE), as "
                        + "journalctl's OR; '" + side + "' is a logcat filter spec, which applies to every "
                        + "record: put it before or after the matches");
            }
        }
    }

    private static void checkBare(List<String> bare, boolean catchAll, Input input, CommandLine cmd) throws IOException {
        for (String word : bare) {
            if (word.isEmpty()) {
                throw new ParameterException(cmd, "an empty argument is no filter: a filter spec is TAG or TAG:LEVEL, "
                        + "a match KEY=VALUE");
            }
        }
        LogSurvey survey = LogSurvey.of(input);
        for (String word : bare) {
            if (survey == null) {
                throw new ParameterException(cmd, "'" + word + "' would be a filter spec only if it named a tag of the "
                        + "log, which a stream cannot show before it is read: write it with a level ('" + word
                        + ":V') or as a match (TAG=" + word + ")");
            }
            if (!survey.hasTag(TagPattern.of(word))) {
                throw new ParameterException(cmd, notATag(word, catchAll, survey, cmd));
            }
        }
    }

    /** Why {@code word} is refused, what it would have meant, and what may have been meant. */
    private static String notATag(String word, boolean catchAll, LogSurvey survey, CommandLine cmd) {
        StringBuilder m = new StringBuilder("'").append(word).append("' is ");
        m.append(word.indexOf('*') >= 0 ? "a pattern no tag in the log matches" : "not a tag in the log")
                .append(": as a logcat filter spec (").append(word).append(":V) it would ");
        m.append(catchAll ? "add no record" : "hide no record, as logcat shows every tag no spec names");
        String nearest = nearest(word, survey, cmd);
        m.append(nearest != null ? ". Did you mean " + nearest + "?" : ".");
        m.append(" (A spec with a level, '").append(word).append(":V', is taken as it is.)");
        return m.toString();
    }

    private static String nearest(String word, LogSurvey survey, CommandLine cmd) {
        if (word.matches("[0-9]+")) {
            return "-n " + word + " (the last " + word + " records)";
        }
        String tag = tagEndingIn(word, survey);
        if (tag != null) {
            return "the tag " + tag + " ('*" + word + "' for every tag that ends so)";
        }
        Suggestions s = new Suggestions();
        for (String sub : cmd.getSubcommands().keySet()) {
            s.add(sub, "the command '" + sub + "'");
        }
        for (OptionSpec o : cmd.getCommandSpec().options()) {
            String longest = o.longestName();
            s.add(longest.replaceFirst("^-+", ""), longest + (o.shortestName().equals(longest) ? "" : " (" + o.shortestName() + ")"));
        }
        for (OutputFormat f : OutputFormat.values()) {
            s.add(f.label(), "-o " + f.label());
        }
        for (SyslogLevel l : SyslogLevel.values()) {
            s.add(l.label(), "-p " + l.label());
        }
        for (String t : survey.tags()) {
            s.add(t, "the tag " + t);
        }
        for (String f : survey.fields()) {
            s.add(f, "the match " + f + "=VALUE");
        }
        return s.nearest(word);
    }

    /** A tag of the log whose last part (after a '.' or a '$') is {@code word}, in any case. */
    private static String tagEndingIn(String word, LogSurvey survey) {
        String w = word.toLowerCase(Locale.ROOT);
        for (String t : survey.tags()) {
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.equals(w) || lower.endsWith("." + w) || lower.endsWith("$" + w)) {
                return t;
            }
        }
        return null;
    }
}
