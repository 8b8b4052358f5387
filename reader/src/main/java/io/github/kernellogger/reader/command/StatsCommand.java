package io.github.kernellogger.reader.command;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.kernellogger.device.DeviceStats;
import io.github.kernellogger.device.LoggerAbi;
import io.github.kernellogger.device.LoggerDevice;
import io.github.kernellogger.device.LoggerDeviceException;
import io.github.kernellogger.reader.read.DeviceErrors;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;

/** {@code logger-reader stats}: the device's counters (LOGGER_IOC_GET_STATS). */
@Command(name = "stats", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        header = "Print the device's counters.",
        description = "Print the device's counters: ring size and fill, records written, "
                + "dropped when the ring wrapped, cleared, rejected writes, readers. Without "
                + "CAP_SYSLOG (when the module restricts reading, as by default) only what "
                + "concerns your own records: how many the ring holds and what they take, and "
                + "the ring's settings.",
        exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.OK_TEXT, ExitCode.ERROR_TEXT, ExitCode.USAGE_TEXT})
final class StatsCommand implements Callable<Integer> {

    @ParentCommand
    MainCommand main;

    @Mixin
    DeviceOption device;

    @Option(names = "--json", description = "One JSON object, with every counter.")
    boolean json;

    private final StandardOutput out;

    StatsCommand(Streams streams) {
        this.out = streams.out();
    }

    @Override
    public Integer call() throws Exception {
        DeviceStats s;
        int abi;
        boolean own;
        try (LoggerDevice dev = LoggerDevice.open(device.of(main), LoggerDevice.Mode.WRITE, false)) {
            s = dev.stats();
            abi = dev.abiVersion();
            int rights = abi >= 3 ? dev.rights() : -1;
            own = rights >= 0 && (rights & LoggerAbi.RIGHT_READ_ALL) == 0;
        } catch (LoggerDeviceException e) {
            throw DeviceErrors.explain(e, device.of(main));
        }
        if (json) {
            printJson(s, abi, own);
        } else if (own) {
            printOwn(s, abi);
        } else {
            printText(s, abi);
        }
        out.flush();
        return ExitCode.OK;
    }

    private void printText(DeviceStats s, int abi) throws IOException {
        String held = s.recordsHeld() == 0 ? "empty"
                : s.recordsHeld() + " records held (seq " + s.firstSeq() + ".." + (s.nextSeq() - 1) + ")";
        out.printf("%s (ABI %d)%n", device.of(main), abi);
        out.printf("  ring         %s, %s used (%.1f%%), %s%n",
                Sizes.bytes(s.bufferSize()), Sizes.bytes(s.bufferUsed()), s.fillPercent(), held);
        out.printf("  written      %d records, %s of payload%n",
                s.recordsWritten(), Sizes.bytes(s.bytesWritten()));
        out.printf("  dropped      %d (overwritten when the ring wrapped)%n", s.recordsDropped());
        out.printf("  cleared      %d%n", s.recordsCleared());
        out.printf("  rejected     %d writes (too large, or a bad buffer)%n", s.writesRejected());
        out.printf("  readers      %d%n", s.readers());
        out.printf("  max payload  %s%n", Sizes.bytes(s.maxPayload()));
        if (abi >= 2) {
            out.printf("  max batch    %s%n", Sizes.bytes(s.maxBatch()));
            out.printf("  instance     %s (this load of the module)%n", s.instanceId());
        }
    }

    /**
     * What a file restricted to its own records gets (ABI version 3): the counters that would
     * tell of other users are 0 there, so they are not shown as if they were.
     */
    private void printOwn(DeviceStats s, int abi) throws IOException {
        out.printf("%s (ABI %d)%n", main.global().device, abi);
        out.printf("  you see      your own records only; the counters of every user's records,%n"
                + "               readers and refused writes need CAP_SYSLOG%n");
        out.printf("  ring         %s, %s of it your %d records held%n",
                Sizes.bytes(s.bufferSize()), Sizes.bytes(s.bufferUsed()), s.recordsHeld());
        out.printf("  seqs         %d..%d held, every user's%n", s.firstSeq(), s.nextSeq() - 1);
        out.printf("  max payload  %s%n", Sizes.bytes(s.maxPayload()));
        out.printf("  max batch    %s%n", Sizes.bytes(s.maxBatch()));
        out.printf("  instance     %s (this load of the module)%n", s.instanceId());
    }

    private void printJson(DeviceStats s, int abi, boolean own) throws IOException {
        try (JsonGenerator g = JsonFactory.builder().build().createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            g.writeStartObject();
            g.writeStringField("device", device.of(main).toString());
            g.writeNumberField("abi_version", abi);
            // Restricted to the caller's records: the counters of other users' are 0, not counts.
            g.writeBooleanField("own_records_only", own);
            g.writeNumberField("buffer_size", s.bufferSize());
            g.writeNumberField("buffer_used", s.bufferUsed());
            g.writeNumberField("records_held", s.recordsHeld());
            g.writeNumberField("first_seq", s.firstSeq());
            g.writeNumberField("next_seq", s.nextSeq());
            g.writeNumberField("records_written", s.recordsWritten());
            g.writeNumberField("bytes_written", s.bytesWritten());
            g.writeNumberField("records_dropped", s.recordsDropped());
            g.writeNumberField("records_cleared", s.recordsCleared());
            g.writeNumberField("writes_rejected", s.writesRejected());
            g.writeNumberField("readers", s.readers());
            g.writeNumberField("max_payload", s.maxPayload());
            g.writeNumberField("max_batch", s.maxBatch());
            if (s.instanceId().isEmpty()) {
                g.writeNullField("instance_id");
            } else {
                g.writeStringField("instance_id", s.instanceId());
            }
            g.writeEndObject();
        }
        out.println("");
    }
}
