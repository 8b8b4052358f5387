package io.github.kernellogger.reader.command;

import io.github.kernellogger.device.SyslogLevel;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A syslog level by name or number, for {@code -l}. */
final class LevelConverter implements ITypeConverter<SyslogLevel> {
    @Override
    public SyslogLevel convert(String value) {
        return SyslogLevel.parse(value).orElseThrow(() -> new TypeConversionException(
                "'" + value + "' is not a level: use emerg, alert, crit, err, warning, notice, "
                        + "info, debug, 0..7, fatal, error, warn or trace"));
    }
}
