package io.github.kernellogger.reader.command;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --color}: when short output is tinted by level. */
enum ColorMode {
    /** On a terminal, unless NO_COLOR is set (https://no-color.org). */
    AUTO,
    ALWAYS,
    NEVER;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether to color output that goes to a terminal or not. */
    boolean resolve(boolean terminal) {
        return switch (this) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> {
                String noColor = System.getenv("NO_COLOR");
                yield (noColor == null || noColor.isEmpty()) && terminal;
            }
        };
    }

    /** The names, in lower case, for help and completion. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(ColorMode::label).iterator();
        }
    }

    static final class Converter implements ITypeConverter<ColorMode> {
        @Override
        public ColorMode convert(String value) {
            for (ColorMode m : values()) {
                if (m.label().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new TypeConversionException("'" + value + "' is not one of auto, always, never");
        }
    }
}
