package io.github.kernellogger.reader.command;

import io.github.kernellogger.device.DeviceStats;
import io.github.kernellogger.device.LoggerDevice;
import io.github.kernellogger.device.LoggerDeviceException;
import io.github.kernellogger.reader.read.DeviceErrors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;

/** {@code logger-reader clear}: drop records (LOGGER_IOC_CLEAR). */
@Command(name = "clear", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        header = "Drop the records the device holds.",
        description = "Drop the records held, or those below a seq. Needs CAP_SYSLOG or "
                + "CAP_SYS_ADMIN (run as root). Readers behind move up; cleared records do not "
                + "count as lost.",
        exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.OK_TEXT, ExitCode.ERROR_TEXT, ExitCode.USAGE_TEXT})
final class ClearCommand implements Callable<Integer> {

    @ParentCommand
    MainCommand main;

    @Mixin
    DeviceOption device;

    @Option(names = "--up-to", paramLabel = "SEQ",
            description = "Drop only records with a seq below SEQ (default: all of them).")
    Long upTo;

    private final StandardOutput out;

    ClearCommand(Streams streams) {
        this.out = streams.out();
    }

    @Override
    public Integer call() throws Exception {
        try (LoggerDevice dev = LoggerDevice.open(device.of(main), LoggerDevice.Mode.WRITE, false)) {
            DeviceStats before = dev.stats();
            dev.clear(upTo == null ? -1L : upTo);
            DeviceStats after = dev.stats();
            long cleared = after.recordsCleared() - before.recordsCleared();
            if (cleared == 0) {
                out.println("nothing to clear");
            } else {
                out.println("cleared " + cleared + " record" + (cleared == 1 ? "" : "s") + " (seq "
                        + before.firstSeq() + ".." + (after.firstSeq() - 1) + ")");
            }
        } catch (LoggerDeviceException e) {
            throw DeviceErrors.explain(e, device.of(main));
        }
        out.flush();
        return ExitCode.OK;
    }
}
