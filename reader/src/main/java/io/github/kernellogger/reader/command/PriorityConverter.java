package io.github.kernellogger.reader.command;

import io.github.kernellogger.reader.read.PriorityRange;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A level or a range of levels, for {@code -p} and {@code -l}. */
final class PriorityConverter implements ITypeConverter<PriorityRange> {
    @Override
    public PriorityRange convert(String value) {
        try {
            return PriorityRange.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a level nor a range of levels: "
                    + "use emerg, alert, crit, err, warning, notice, info, debug or 0..7 (Log4j's fatal, "
                    + "error, warn, trace and logcat's V D I W E F too), or FROM..TO such as err..warning");
        }
    }
}
