package io.github.kernellogger.reader.command;

import io.github.kernellogger.reader.output.OutputFormat;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An output format by name, for {@code -o}. */
final class FormatConverter implements ITypeConverter<OutputFormat> {

    /** "short, short-iso, ... or export": every format, as the error lists them. */
    static String names() {
        List<String> all = Arrays.stream(OutputFormat.values()).map(OutputFormat::label).toList();
        return String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
    }

    @Override
    public OutputFormat convert(String value) {
        return OutputFormat.byName(value).orElseThrow(() -> new TypeConversionException("'" + value
                + "' is not a format: use " + names()));
    }
}
