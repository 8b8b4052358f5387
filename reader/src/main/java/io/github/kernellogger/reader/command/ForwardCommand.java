package io.github.kernellogger.reader.command;

import io.github.kernellogger.device.LoggerDevice;
import io.github.kernellogger.device.LoggerDeviceException;
import io.github.kernellogger.reader.forward.ForwardConfig;
import io.github.kernellogger.reader.forward.Forwarder;
import io.github.kernellogger.reader.read.CursorFile;
import io.github.kernellogger.reader.read.DeviceErrors;
import io.github.kernellogger.reader.read.Input;
import io.github.kernellogger.reader.read.ReadPlan;
import io.github.kernellogger.reader.read.Start;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code logger-reader forward}: ships the log to one sink, as a service ({@link Forwarder}).
 */
@Command(name = "forward", mixinStandardHelpOptions = true, versionProvider = ManifestVersion.class,
        header = "Forward the log to a syslog server or Kafka, as a service.",
        description = {
            "Follows the device from the cursor file and sends every record to the sink the "
                    + "configuration names (sink = syslog: RFC 5424 over TCP or TLS; sink = kafka: "
                    + "-o json's objects, keyed by host, acks=all). The cursor "
                    + "moves only past records the sink accepted: after a crash or a restart "
                    + "nothing is skipped, and a record's load id and seq let a receiver drop "
                    + "the rare duplicate.",
            "While the sink is down it retries (retry.initial, doubling up to retry.max) and "
                    + "keeps its place; records the ring overwrites meanwhile are reported as a "
                    + "loss, here and to the sink. SIGTERM: settles what is in flight, writes "
                    + "the cursor, exits 0. Progress: the --metrics-file (Prometheus text format).",
            "See 'Shipping logs' in the README for the configuration keys."},
        exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {"0:stopped by SIGTERM or Ctrl-C, after the cursor was written",
            "1:the device, the cursor file or the progress file could not be used: one line says "
                    + "which and why",
            "2:bad command line or configuration: one line names the file, the key and why"})
final class ForwardCommand implements Callable<Integer> {
    /** CAP_SYSLOG's bit in /proc/self/status's CapEff. */
    private static final int CAP_SYSLOG = 34;

    @ParentCommand
    MainCommand main;

    @Mixin
    DeviceOption deviceOption;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "The configuration: Java properties, one sink (sink = syslog or kafka).")
    Path config;

    @Option(names = "--cursor-file", paramLabel = "FILE", required = true,
            description = "Where to resume from, and where the cursor is kept (after the last record "
                    + "the sink accepted). While FILE does not exist, start from the oldest record "
                    + "held, or with --new from the newest.")
    Path cursorFile;

    @Option(names = "--new", description = "On a first run (no cursor file yet), forward only records "
            + "written from now on, not those the ring already holds.")
    boolean newOnly;

    @Option(names = "--metrics-file", paramLabel = "FILE",
            description = "Where to write the progress, every metrics.interval and at the end, in "
                    + "Prometheus' text format (for node_exporter's textfile collector). Default: "
                    + "the cursor file's name with .prom appended.")
    Path metricsFile;

    @Option(names = "--file", paramLabel = "PATH",
            description = "Forward a log saved with -o binary instead of the device, followed as it "
                    + "grows (for tests, and to ship a log saved elsewhere).")
    Path file;

    private final Streams streams;

    ForwardCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws IOException {
        if (file != null && file.toString().equals("-")) {
            throw new ParameterException(spec.commandLine(), "forward --file takes a file, not standard input: "
                    + "after a failure it reads again from its cursor");
        }
        if (file != null && newOnly) {
            throw new ParameterException(spec.commandLine(), "--new is for the device: a saved file is forwarded "
                    + "from its start");
        }
        ForwardConfig cfg = ForwardConfig.read(config);
        CursorFile cursor = new CursorFile(cursorFile);
        cursor.checkWritable();
        cursor.read(); // a file that holds no cursor is said now, not after the sink is up
        Path metrics = metricsFile != null ? metricsFile : cursorFile.resolveSibling(cursorFile.getFileName() + ".prom");
        Path device = deviceOption.of(main);
        LongSupplier newest = () -> -1;
        Input input;
        if (file != null) {
            input = new Input.SavedFile(file);
        } else {
            input = new Input.Device(device);
            // Missing, or not ours to read: said now, before waiting for a sink.
            try {
                LoggerDevice.open(device, LoggerDevice.Mode.READ, true).close();
            } catch (LoggerDeviceException e) {
                throw DeviceErrors.explain(e, device);
            }
            newest = () -> newestSeq(device);
            if (!hasCapSyslog()) {
                streams.err().println("logger-reader forward: without CAP_SYSLOG only the records written "
                        + "with this user's uid are read (the unit grants it: AmbientCapabilities=CAP_SYSLOG)");
            }
        }
        ReadPlan plan = new ReadPlan(input, ReadPlan.Mode.FOLLOW, null,
                newOnly ? new Start.Newest() : new Start.Oldest(), cursor, r -> true, false);
        String name = config.getFileName().toString().replaceFirst("\\.conf$", "");
        Forwarder forwarder = new Forwarder(cfg, plan, cfg.hostname() != null ? cfg.hostname() : hostname(),
                metrics, name, newest, streams.err());
        Thread hook = null;
        if (streams.handleSignals()) {
            hook = new Thread(() -> {
                forwarder.stop();
                // Ended by SIGTERM after a clean stop: that is success.
                Runtime.getRuntime().halt(ExitCode.OK);
            }, "logger-reader forward shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            forwarder.run();
        } finally {
            if (hook != null) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return ExitCode.OK;
    }

    /** The seq of the device's newest record, for the lag; -1 if it cannot be asked. */
    private static long newestSeq(Path device) {
        try (LoggerDevice d = LoggerDevice.open(device, LoggerDevice.Mode.READ, true)) {
            return d.stats().nextSeq() - 1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The kernel's name for this host (uname -n), as syslog daemons take it. */
    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException again) {
                return "-";
            }
        }
    }

    private static boolean hasCapSyslog() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    return (caps & (1L << CAP_SYSLOG)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not known: say nothing.
        }
        return true;
    }
}
