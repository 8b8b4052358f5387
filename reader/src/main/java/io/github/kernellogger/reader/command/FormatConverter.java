package io.github.kernellogger.reader.command;

import io.github.kernellogger.reader.output.OutputFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An output format by name, for {@code -o}. */
final class FormatConverter implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
        return OutputFormat.byName(value).orElseThrow(() ->
                new TypeConversionException("'" + value + "' is not a format: use short, short-iso, verbose, json or raw"));
    }
}
