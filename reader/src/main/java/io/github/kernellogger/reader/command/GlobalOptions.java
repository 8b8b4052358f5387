package io.github.kernellogger.reader.command;

import io.github.kernellogger.device.LoggerAbi;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command takes, before or after its name ({@code --device X stats} and
 * {@code stats --device X} alike): picocli copies inherited options into each subcommand and
 * binds the copies to these same fields, which the subcommands read through their parent.
 */
final class GlobalOptions {
    @Option(order = 60, names = "--device", paramLabel = "PATH", defaultValue = LoggerAbi.DEVICE_PATH,
            scope = ScopeType.INHERIT, description = "The log device.")
    Path device;

    @Option(order = 61, names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            scope = ScopeType.INHERIT, converter = ColorMode.Converter.class,
            completionCandidates = ColorMode.Names.class,
            description = "Color short output by level: ${COMPLETION-CANDIDATES} (auto: on a "
                    + "terminal, unless NO_COLOR is set).")
    ColorMode color;
}
