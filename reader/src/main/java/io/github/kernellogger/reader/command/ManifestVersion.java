package io.github.kernellogger.reader.command;

import io.github.kernellogger.device.LoggerAbi;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the jar's Implementation-Version and the ABI it speaks. */
final class ManifestVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = ManifestVersion.class.getPackage().getImplementationVersion();
        return new String[] {
            "logger-reader " + (version != null ? version : "(not run from its jar)"),
            "speaks /dev/logger ABI version " + LoggerAbi.ABI_VERSION,
        };
    }
}
