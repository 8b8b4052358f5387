package io.github.kernellogger.reader;

import io.github.kernellogger.device.LoggerAbi;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --device}, for every command that opens the device. */
final class DeviceOption {
    @Option(names = "--device", paramLabel = "PATH", defaultValue = LoggerAbi.DEVICE_PATH,
            description = "The log device.")
    Path device;
}
