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
import java.time.Clock;
import java.time.Duration;
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
        header = "Forward the log to a RELP or syslog server or to Kafka, as a service.",
        description = {
            "Follows the device from the cursor file and sends every record to the sink the "
                    + "configuration names: sink = relp, RFC 5424 messages that a RELP server (rsyslog's "
                    + "imrelp) acknowledges one by one; sink = syslog, RFC 5424 over plain TCP or TLS, "
                    + "which no server acknowledges; sink = kafka, -o json's objects keyed by host with "
                    + "acks=all (the package logger-reader-kafka). The cursor moves only past records "
                    + "the sink accepted: after a crash or a restart nothing is skipped, and a record's "
                    + "load id and seq let a receiver drop the rare duplicate.",
            "While the sink is down it retries (retry.initial, doubling up to retry.max), whether "
                    + "or not new records come, and keeps its place; records the ring overwrites "
                    + "meanwhile are reported as a loss, here and to the sink. SIGTERM: settles what is "
                    + "in flight, writes the cursor, exits 0. Progress: the --metrics-file (Prometheus' "
                    + "text format, for node_exporter's textfile collector).",
            "Every configuration key: logger-reader-forward.conf(5). The unit: "
                    + "logger-forward@NAME.service, whose configuration is /etc/logger-reader/NAME.conf; "
                    + "commented examples of each sink are in /etc/logger-reader/."},
        exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {"0:stopped by SIGTERM or Ctrl-C, after the cursor was written",
            "1:the device or the cursor file could not be used: one line says which and why (the "
                    + "unit restarts it)",
            "2:bad command line or configuration, a TLS file that cannot be used, a sink whose "
                    + "package is not installed, a --metrics-file that cannot be written: one line "
                    + "names the file, the key and why (the unit does not restart it)"})
final class ForwardCommand implements Callable<Integer> {
    /** The least time between two writes of the forwarder's cursor file. */
    private static final Duration CURSOR_INTERVAL = Duration.ofMillis(500);

    /** CAP_SYSLOG's bit in /proc/self/status's CapEff. */
    private static final int CAP_SYSLOG = 34;

    @ParentCommand
    MainCommand main;

    @Mixin
    DeviceOption deviceOption;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "The configuration: Java properties, one sink (sink = relp, syslog or kafka); "
                    + "see logger-reader-forward.conf(5).")
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
                    + "grows (for tests, and to ship a log saved elsewhere); a file of several runs "
                    + "appended (>>) resumes right after the cursor, the loads before it passed over.")
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
        // Time spans in the grammar of --since and --timeout: 10m is ten minutes in both.
        ForwardConfig cfg = ForwardConfig.read(config, new TimeGrammar(Clock.systemDefaultZone())::span);
        // Written at most twice a second (each write is fsynced): the sinks accept batch after batch.
        CursorFile cursor = new CursorFile(cursorFile, CURSOR_INTERVAL);
        cursor.checkWritable();
        cursor.read(); // a file that holds no cursor is said now, not after the sink is up
        Path metrics = metricsFile != null ? metricsFile : cursorFile.resolveSibling(cursorFile.getFileName() + ".prom");
        if (metricsFile != null) {
            // A place it cannot write stays so: said once and not restarted, rather than exit 1 every 10 s.
            Path folder = metrics.toAbsolutePath().getParent();
            if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder) || Files.isDirectory(metrics)) {
                throw new ParameterException(spec.commandLine(), "--metrics-file " + metrics + " cannot be written: "
                        + (folder == null || !Files.isDirectory(folder) ? "the folder " + folder + " does not exist"
                                : Files.isDirectory(metrics) ? "it is a folder"
                                        : "the folder " + folder + " is not writable (the unit can write only its "
                                                + "state directory)"));
            }
        }
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
        // POLL, not FOLLOW: the loop waits for records in slices, so that a sink that fails while
        // none come ends it and the retries begin (Forwarder).
        ReadPlan plan = new ReadPlan(input, ReadPlan.Mode.POLL, null,
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
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // SIGTERM ended the run: the hook is running, and ends the process itself.
                }
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
