package io.github.kernellogger.reader.command;

import io.github.kernellogger.device.LoggerAbi;
import io.github.kernellogger.reader.read.SavedLog;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the jar's Implementation-Version and the ABI it speaks. */
final class ManifestVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = ManifestVersion.class.getPackage().getImplementationVersion();
        return new String[] {
            "logger-reader " + (version != null ? version : "(not run from its jar)"),
            "reads /dev/logger of ABI versions " + versions(LoggerAbi.ABI_VERSION) + " (version 2's "
                    + "records with their fields, version 3's with the kernel's), and logs saved "
                    + "with -o binary of format versions " + versions(SavedLog.VERSION),
        };
    }

    /** "1 and 2", "1, 2 and 3". */
    private static String versions(int newest) {
        StringBuilder s = new StringBuilder("1");
        for (int v = 2; v <= newest; v++) {
            s.append(v == newest ? " and " : ", ").append(v);
        }
        return s.toString();
    }
}
