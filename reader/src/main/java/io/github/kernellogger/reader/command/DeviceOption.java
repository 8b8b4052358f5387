package io.github.kernellogger.reader.command;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --device} of a subcommand that opens the device ({@code stats}, {@code clear},
 * {@code forward}): given after the subcommand's name, or, as the root's option, before it
 * ({@code logger-reader --device X stats}). Subcommands that do not open it do not take it.
 */
final class DeviceOption {
    @Option(names = "--device", paramLabel = "PATH",
            description = "The log device (default: /dev/logger).")
    Path device;

    /** The device given after the subcommand's name, else the one given (or defaulted) before it. */
    Path of(MainCommand main) {
        return device != null ? device : main.global().device;
    }
}
