package io.github.kernellogger.reader.command;

import io.github.kernellogger.device.LoggerAbi;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The root command's options that are not about what to read: the device, and how short output
 * is colored. A subcommand that opens the device takes {@code --device} too ({@link DeviceOption}),
 * after its name or, as the root's, before it.
 */
final class GlobalOptions {
    @Option(order = 80, names = "--device", paramLabel = "PATH", defaultValue = LoggerAbi.DEVICE_PATH,
            description = "The log device.")
    Path device;

    @Option(order = 81, names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            converter = ColorMode.Converter.class, completionCandidates = ColorMode.Names.class,
            description = "Color short output by level: ${COMPLETION-CANDIDATES} (auto: on a "
                    + "terminal, unless NO_COLOR is set).")
    ColorMode color;
}
