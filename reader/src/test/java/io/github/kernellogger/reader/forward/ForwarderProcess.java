package io.github.kernellogger.reader.forward;

import static org.awaitility.Awaitility.await;

import io.github.kernellogger.reader.LoggerReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code logger-reader forward} as a process of its own, from the test's class path, so that a
 * test can send it SIGTERM and SIGKILL as systemd would; its standard error goes to a file.
 */
final class ForwarderProcess implements AutoCloseable {
    private static final Duration EXIT_TIMEOUT = Duration.ofMinutes(1);

    private final Process process;
    private final Path err;

    private ForwarderProcess(Process process, Path err) {
        this.process = process;
        this.err = err;
    }

    /** Starts {@code logger-reader forward ARGS}, its standard error appended to {@code err}. */
    static ForwarderProcess start(Path err, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djna.tmpdir=" + System.getProperty("java.io.tmpdir"), "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), LoggerReader.class.getName(), "forward"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile())).start();
            return new ForwarderProcess(p, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its standard error so far, over every run that appended to the same file. */
    String err() {
        try {
            return Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until its standard error holds {@code text}. */
    void awaitErr(String text) {
        try {
            await().atMost(Duration.ofMinutes(1)).until(() -> err().contains(text));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no '" + text + "' on the forwarder's stderr:\n" + err(), e);
        }
    }

    /** SIGTERM, and its exit status. */
    int terminate() {
        process.destroy();
        return waitFor();
    }

    /** SIGKILL, and waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** Waits for it to end by itself, and its exit status. */
    int waitFor() {
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the forwarder did not end within " + EXIT_TIMEOUT + "; its stderr:\n" + err());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
