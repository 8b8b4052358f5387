package io.github.kernellogger.reader.command;

import io.github.kernellogger.device.LoggerAbi;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --device}, for every command that opens the device. */
final class GlobalOptions {
    @Option(names = "--device", paramLabel = "PATH", defaultValue = LoggerAbi.DEVICE_PATH,
            description = "The log device.")
    Path device;
}
