package io.github.kernellogger.reader.output;

import io.github.kernellogger.reader.read.RecordSink;
import java.io.OutputStream;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The formats of {@code -o}, by the names users type. */
public enum OutputFormat {
    /** Local time, level, comm[pid/tid], message; colored on a terminal. */
    SHORT("short"),
    /** The same, the time in ISO 8601 with its offset. */
    SHORT_ISO("short-iso"),
    /** Every field of a record, one a line. */
    VERBOSE("verbose"),
    /** The message alone, as journalctl's cat. */
    CAT("cat"),
    /** One JSON object a line. */
    JSON("json"),
    /** The same objects, indented over several lines. */
    JSON_PRETTY("json-pretty"),
    /** The payload only. */
    RAW("raw"),
    /** The records as the device gives them, for --file: a saved log. */
    BINARY("binary"),
    /** The Journal Export Format, for systemd-journal-remote. */
    EXPORT("export");

    private final String label;

    OutputFormat(String label) {
        this.label = label;
    }

    /** The name {@code -o} takes. */
    public String label() {
        return label;
    }

    /**
     * Whether it writes bytes for programs, not text: not for a terminal, where a writer's bytes
     * as they are could move the cursor or retitle it.
     */
    public boolean isBinary() {
        return this == BINARY || this == EXPORT;
    }

    /**
     * Whether it shows the fields --output-fields names, as journalctl's formats that show every
     * field (and cat) do.
     */
    public boolean takesOutputFields() {
        return this == VERBOSE || this == CAT || this == JSON || this == JSON_PRETTY || this == EXPORT;
    }

    /** Whether it is text for people, which a pager may show. */
    public boolean isForPeople() {
        return this == SHORT || this == SHORT_ISO || this == VERBOSE || this == CAT || this == JSON_PRETTY;
    }

    /** Why it is not written to a terminal, and what to do instead. */
    public String notForTerminal() {
        return switch (this) {
            case EXPORT -> "-o export writes the Journal Export Format for systemd-journal-remote, not for a "
                    + "terminal: pipe it (| systemd-journal-remote -o FILE.journal -)";
            default -> "-o " + label + " writes records for --file, not for a terminal: redirect it to a file "
                    + "(> saved.log)";
        };
    }

    /** The names, for help and completion. */
    public static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(values()).map(OutputFormat::label).iterator();
        }
    }

    /** The format named {@code name}, in any case. */
    public static Optional<OutputFormat> byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (OutputFormat f : values()) {
            if (f.label.equals(n)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * A printer of this format on {@code out}.
     *
     * @param color tint short output by level
     * @param zone the zone of the times the text formats show (JSON's are in UTC)
     */
    public RecordSink open(OutputStream out, boolean color, ZoneId zone) {
        return open(out, color, zone, null);
    }

    /**
     * A printer of this format on {@code out}, showing only some fields.
     *
     * @param outputFields the fields to show, by the names -o verbose shows, in any order; null for
     *     every field. Only for the formats that {@link #takesOutputFields}
     */
    public RecordSink open(OutputStream out, boolean color, ZoneId zone, Set<String> outputFields) {
        if (outputFields != null && !takesOutputFields()) {
            throw new IllegalArgumentException("-o " + label + " shows no chosen fields");
        }
        Set<String> chosen = outputFields == null ? null : Set.copyOf(outputFields);
        return switch (this) {
            case SHORT -> ShortPrinter.classic(out, color, zone);
            case SHORT_ISO -> ShortPrinter.iso(out, color, zone);
            case VERBOSE -> new VerbosePrinter(out, zone, chosen);
            case CAT -> new CatPrinter(out, chosen);
            case JSON -> new JsonPrinter(out, chosen);
            case JSON_PRETTY -> new PrettyJsonPrinter(out, chosen);
            case RAW -> new RawPrinter(out);
            case BINARY -> new BinaryPrinter(out);
            case EXPORT -> new ExportPrinter(out, Clock.systemUTC(), chosen);
        };
    }
}
