package io.github.kernellogger.device.testing;

import io.github.kernellogger.device.LoggerAbi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads and unloads the logger module for the tests that need the real device (*KernelIT): in
 * the test VM, or as root on a host where modules can be loaded. The module file comes from
 * {@code $LOGGER_KO}, which kernel/vm/run sets.
 */
public final class KernelModule {
    private KernelModule() {}

    public static final Path DEVICE = Path.of(LoggerAbi.DEVICE_PATH);

    public static boolean isLoaded() {
        return Files.isDirectory(Path.of("/sys/module/logger"));
    }

    /** Loads the module with these parameters ("buffer_size=65536", ...). */
    public static void load(String... params) throws IOException, InterruptedException {
        String ko = System.getenv("LOGGER_KO");
        if (ko == null) {
            throw new IllegalStateException("LOGGER_KO is not set: run through kernel/vm/run");
        }
        List<String> cmd = new ArrayList<>(List.of("insmod", ko));
        cmd.addAll(List.of(params));
        run(cmd);
        // misc_register() creates the node before insmod returns.
        if (!Files.exists(DEVICE)) {
            throw new IllegalStateException(DEVICE + " did not appear after insmod");
        }
    }

    /** Unloads the module; every file of the device must be closed first. */
    public static void unload() throws IOException, InterruptedException {
        if (isLoaded()) {
            run(List.of("rmmod", "logger"));
        }
    }

    /** Loads the module afresh (records and counters start over) with these parameters. */
    public static void reload(String... params) throws IOException, InterruptedException {
        unload();
        load(params);
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.trim());
        }
    }
}
