package io.github.kernellogger.reader.forward.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool the harnesses run to its end: openssl, journalctl, rsyslogd's config check,
 * Kafka's storage tool. Its stdout and stderr go to files in a harness's folder (a pipe that
 * nobody drains could block it), and a tool that outlives its time is killed.
 */
final class Tool {
    private Tool() {
    }

    /** What a tool left. */
    record Result(List<String> command, int status, byte[] stdout, String stderr) {
        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** This result, or an exception that quotes the command, its status and its stderr. */
        Result orThrow() {
            if (status != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with status " + status
                        + ":\n" + stderr + stdoutText());
            }
            return this;
        }
    }

    /** Runs {@code command} in {@code dir}, waiting at most {@code timeout} for it to end. */
    static Result run(Path dir, Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile(dir, "tool-", ".out");
            Path err = Files.createTempFile(dir, "tool-", ".err");
            try {
                Process p = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout
                            + "; killed it. Its stderr:\n" + new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
                }
                return new Result(command, p.exitValue(), Files.readAllBytes(out),
                        new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /**
     * Fails with what to do if a program the harnesses need is missing: reader/tests/prepare-engines
     * installs it (make test runs that script).
     */
    static void require(Path program, String debianPackage) {
        if (!Files.isExecutable(program)) {
            throw new IllegalStateException(program + " is missing: install Debian's " + debianPackage
                    + " with reader/tests/prepare-engines (make test runs it)");
        }
    }
}
