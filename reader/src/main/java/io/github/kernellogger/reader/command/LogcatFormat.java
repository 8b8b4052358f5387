package io.github.kernellogger.reader.command;

import io.github.kernellogger.reader.output.OutputFormat;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * logcat's {@code -v FORMAT}, as the nearest of ours: logcat's short formats all show what
 * {@code -o short} does (time, level, tag, pid and thread, message), {@code long} is every field,
 * {@code raw} the message alone; its modifiers that ours has are options here.
 */
enum LogcatFormat {
    BRIEF(OutputFormat.SHORT), PROCESS(OutputFormat.SHORT), TAG(OutputFormat.SHORT), THREAD(OutputFormat.SHORT),
    TIME(OutputFormat.SHORT), THREADTIME(OutputFormat.SHORT), LONG(OutputFormat.VERBOSE), RAW(OutputFormat.CAT),
    YEAR(OutputFormat.SHORT_ISO),
    /** --color always. */
    COLOR(null),
    /** --utc. */
    UTC(null),
    /** Always so: every control byte is escaped. */
    PRINTABLE(null),
    /** Always so: times are to the microsecond. */
    USEC(null),
    /** The local zone is the one shown, unless --utc. */
    ZONE(null);

    private final OutputFormat format;

    LogcatFormat(OutputFormat format) {
        this.format = format;
    }

    /** Our format for it, or null for a modifier. */
    OutputFormat format() {
        return format;
    }

    String label() {
        return this == UTC ? "UTC" : name().toLowerCase(Locale.ROOT);
    }

    /** The names, for help and completion. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(LogcatFormat::label).iterator();
        }
    }

    static final class Converter implements ITypeConverter<LogcatFormat> {
        @Override
        public LogcatFormat convert(String value) {
            for (LogcatFormat f : values()) {
                if (f.label().equalsIgnoreCase(value.trim())) {
                    return f;
                }
            }
            throw new TypeConversionException("'" + value + "' is not one of logcat's formats that logger-reader has: "
                    + String.join(", ", new Names()) + " (epoch, monotonic, uid and descriptive are not: "
                    + "-o verbose shows every field)");
        }
    }
}
