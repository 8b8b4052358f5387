package io.github.kernellogger.reader.manual;

import io.github.kernellogger.reader.command.CommandFactory;
import io.github.kernellogger.reader.command.MainCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes the AsciiDoc sources of the man pages, one per command ({@code logger-reader(1)},
 * {@code logger-reader-stats(1)}, ...), which the build turns into troff with Asciidoctor's
 * manpage backend (reader/pom.xml). Every page has the sections a reader of man pages looks for,
 * in this order: NAME, SYNOPSIS, DESCRIPTION, OPTIONS, EXAMPLES, FILES, ENVIRONMENT, EXIT STATUS,
 * SEE ALSO.
 *
 * <p>What the command classes say (their header, description, options, arguments, subcommands,
 * exit codes) is written from the command model, so that --help and the page never differ; every
 * bit of it passes through {@link AsciiDoc#text}, so that a {@code *} in a description is a
 * {@code *} on the page. What only a page says (more description, examples, files, environment,
 * see also) is written by hand in {@code reader/src/main/manual/<page>.adoc}, one AsciiDoc section
 * each ({@code == Examples}); a page without one of them fails the build. Whole pages that are no
 * command's (a configuration file's, section 5) are in {@code reader/src/main/manual/pages/} and are
 * copied as they are.
 *
 * <p>Installed, a page cannot point to the repository's docs/, which no package installs: the
 * pages hold the reference of the installed command themselves, and name docs/ as a file of the
 * source.
 *
 * <pre>
 *   java ... io.github.kernellogger.reader.manual.ManualPages OUTDIR SECTIONS-DIR
 * </pre>
 */
public final class ManualPages {
    /** The sections written by hand, in the order they come, after OPTIONS. */
    static final List<String> HAND_WRITTEN = List.of("Examples", "Files", "Environment", "See also");

    private ManualPages() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ManualPages OUTDIR SECTIONS-DIR");
        }
        Path out = Path.of(args[0]);
        Path sections = Path.of(args[1]);
        Files.createDirectories(out);
        CommandFactory factory = new CommandFactory();
        CommandLine root;
        try {
            root = new CommandLine(factory.create(MainCommand.class), factory);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the command line", e);
        }
        for (CommandSpec spec : commands(root.getCommandSpec())) {
            String name = spec.qualifiedName("-");
            Path handWritten = sections.resolve(name + ".adoc");
            if (!Files.exists(handWritten)) {
                throw new IllegalStateException(handWritten + " is missing: every page has the sections "
                        + HAND_WRITTEN + " (and may add to its Description)");
            }
            Map<String, String> own = sections(Files.readString(handWritten, StandardCharsets.UTF_8), handWritten);
            Files.writeString(out.resolve(name + ".adoc"), page(spec, own), StandardCharsets.UTF_8);
        }
        Path pages = sections.resolve("pages");
        if (Files.isDirectory(pages)) {
            try (DirectoryStream<Path> whole = Files.newDirectoryStream(pages, "*.adoc")) {
                for (Path p : whole) {
                    Files.copy(p, out.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** The command and every subcommand under it that is not hidden, depth first. */
    static List<CommandSpec> commands(CommandSpec spec) {
        List<CommandSpec> all = new ArrayList<>();
        if (!spec.usageMessage().hidden()) {
            all.add(spec);
            for (CommandLine sub : spec.subcommands().values()) {
                if (!all.contains(sub.getCommandSpec()) && sub.getCommandSpec().parent() == spec) {
                    all.addAll(commands(sub.getCommandSpec()));
                }
            }
        }
        return all;
    }

    /**
     * The sections of a hand-written file, by title: the text under each {@code == Title} up to
     * the next.
     *
     * @throws IllegalStateException if a section every page has is missing, or one is unknown
     */
    static Map<String, String> sections(String text, Path from) {
        Map<String, String> sections = new LinkedHashMap<>();
        String title = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("== ")) {
                if (title != null) {
                    sections.put(title, body.toString().strip());
                }
                title = line.substring(3).strip();
                body.setLength(0);
            } else if (title != null) {
                body.append(line).append('\n');
            } else if (!line.isBlank() && !line.startsWith("//")) {
                throw new IllegalStateException(from + ": text before the first section: " + line);
            }
        }
        if (title != null) {
            sections.put(title, body.toString().strip());
        }
        for (String s : sections.keySet()) {
            if (!s.equals("Description") && !HAND_WRITTEN.contains(s)) {
                throw new IllegalStateException(from + ": '== " + s + "' is no section a page adds to (Description, "
                        + String.join(", ", HAND_WRITTEN) + ")");
            }
        }
        for (String s : HAND_WRITTEN) {
            if (!sections.containsKey(s)) {
                throw new IllegalStateException(from + ": '== " + s + "' is missing: every page has it");
            }
        }
        return sections;
    }

    /** The AsciiDoc of {@code spec}'s page, with the hand-written sections {@code own}. */
    static String page(CommandSpec spec, Map<String, String> own) {
        String name = spec.qualifiedName("-");
        StringBuilder a = new StringBuilder();
        a.append("= ").append(name).append("(1)\n");
        a.append(":doctype: manpage\n\n");

        a.append("== Name\n\n").append(name).append(" - ").append(AsciiDoc.plain(header(spec))).append("\n\n");

        a.append("== Synopsis\n\n").append(synopsis(spec)).append("\n\n");

        a.append("== Description\n\n");
        for (String paragraph : spec.usageMessage().description()) {
            a.append(AsciiDoc.text(AsciiDoc.format(paragraph))).append("\n\n");
        }
        if (own.containsKey("Description")) {
            a.append(own.get("Description")).append("\n\n");
        }
        commands(spec, a);

        a.append("== Options\n\n");
        options(spec, a);

        for (String s : HAND_WRITTEN.subList(0, 3)) {
            a.append("== ").append(s).append("\n\n").append(own.get(s)).append("\n\n");
        }

        a.append("== Exit status\n\n");
        for (Map.Entry<String, String> code : spec.usageMessage().exitCodeList().entrySet()) {
            a.append("**").append(AsciiDoc.text(code.getKey().strip())).append("**::\n  ")
                    .append(AsciiDoc.text(code.getValue().strip())).append("\n\n");
        }

        a.append("== See also\n\n").append(own.get("See also")).append("\n");
        return a.toString();
    }

    private static String header(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        return header.length > 0 ? header[0] : spec.usageMessage().description()[0];
    }

    /** {@code *logger-reader* [_OPTIONS_] [_FILTER_...] [_COMMAND_]}, as journalctl's page has it. */
    private static String synopsis(CommandSpec spec) {
        StringBuilder s = new StringBuilder();
        s.append("**").append(AsciiDoc.text(spec.qualifiedName(" "))).append("**");
        if (!spec.options().isEmpty()) {
            s.append(" [__OPTIONS__]");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                s.append(" [__").append(AsciiDoc.text(p.paramLabel())).append("__")
                        .append(p.arity().max() > 1 ? "..." : "").append(']');
            }
        }
        if (!spec.subcommands().isEmpty()) {
            s.append(" [__COMMAND__]");
        }
        return s.toString();
    }

    /** The subcommands, each with its page. */
    private static void commands(CommandSpec spec, StringBuilder a) {
        if (spec.subcommands().isEmpty()) {
            return;
        }
        a.append("=== Commands\n\n");
        for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
            CommandSpec s = sub.getValue().getCommandSpec();
            if (s.usageMessage().hidden()) {
                continue;
            }
            a.append("**").append(AsciiDoc.text(sub.getKey())).append("**::\n  ")
                    .append(AsciiDoc.text(header(s))).append(" See ")
                    .append(AsciiDoc.text(s.qualifiedName("-"))).append("(1).\n\n");
        }
    }

    /**
     * The options: those of no group first (as --help lists them), then each group under its
     * heading, then the arguments.
     */
    private static void options(CommandSpec spec, StringBuilder a) {
        List<OptionSpec> grouped = new ArrayList<>();
        for (ArgGroupSpec g : spec.argGroups()) {
            grouped.addAll(g.allOptionsNested());
        }
        List<OptionSpec> ungrouped = new ArrayList<>(spec.options());
        ungrouped.removeAll(grouped);
        ungrouped.sort((x, y) -> Integer.compare(x.order(), y.order()));
        for (OptionSpec o : ungrouped) {
            option(o, spec, a);
        }
        List<ArgGroupSpec> groups = new ArrayList<>(spec.argGroups());
        groups.sort((x, y) -> Integer.compare(x.order(), y.order()));
        for (ArgGroupSpec g : groups) {
            if (g.heading() != null) {
                a.append("=== ").append(AsciiDoc.text(AsciiDoc.format(g.heading()).strip().replaceFirst(":$", ""))).append("\n\n");
            }
            List<OptionSpec> options = new ArrayList<>(g.allOptionsNested());
            options.sort((x, y) -> Integer.compare(x.order(), y.order()));
            for (OptionSpec o : options) {
                option(o, spec, a);
            }
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            a.append("=== Arguments\n\n");
            for (PositionalParamSpec p : positionals) {
                a.append("__").append(AsciiDoc.text(p.paramLabel())).append("__")
                        .append(p.arity().max() > 1 ? "..." : "").append("::\n");
                paragraphs(p.description(), a);
                a.append('\n');
            }
        }
    }

    private static void option(OptionSpec o, CommandSpec spec, StringBuilder a) {
        if (o.hidden()) {
            return;
        }
        List<String> names = new ArrayList<>(List.of(o.names()));
        StringBuilder term = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            term.append(i > 0 ? ", " : "").append("**").append(AsciiDoc.text(names.get(i))).append("**");
        }
        if (o.arity().max() > 0) {
            boolean optional = o.arity().min() == 0;
            term.append(optional ? "[" : "").append("=__").append(AsciiDoc.text(o.paramLabel())).append("__")
                    .append(optional ? "]" : "");
        }
        a.append(term).append("::\n");
        paragraphs(o.description(), a);
        String shown = o.defaultValue();
        if (shown != null && spec.usageMessage().showDefaultValues()) {
            a.append("+\n").append(AsciiDoc.text("Default: " + shown)).append('\n');
        }
        a.append('\n');
    }

    /**
     * A description's paragraphs in a list item: the first under the term, the others attached
     * with a {@code +} line (and not indented, which would make them literal blocks).
     */
    private static void paragraphs(String[] description, StringBuilder a) {
        for (int i = 0; i < description.length; i++) {
            a.append(i > 0 ? "+\n" : "  ").append(AsciiDoc.text(AsciiDoc.format(description[i]))).append('\n');
        }
    }
}
