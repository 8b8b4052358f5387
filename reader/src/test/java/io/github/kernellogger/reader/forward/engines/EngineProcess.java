package io.github.kernellogger.reader.forward.engines;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One child process of an engine (rsyslogd, a Kafka broker's JVM, systemd-journal-remote),
 * owned by the harness that started it, which stops it (SIGTERM), kills it (SIGKILL) or lets it
 * end.
 *
 * <p>No process outlives the JVM that started it. A test that fails, or forgets to close its
 * harness, leaves it to the shutdown hook, which kills every child still alive. A JVM that is
 * itself killed runs no hook; for that, every child is started as {@code setpriv
 * --pdeathsig KILL -- COMMAND}, so that the kernel kills it when its parent dies. The parent
 * that counts is the thread that forked the child, so every child is forked by one daemon
 * thread that lives as long as the JVM. setpriv execs the command: the child's pid is the
 * engine's own, and SIGTERM and SIGKILL reach the engine itself.
 *
 * <p>The child's stdout and stderr are appended to one log file, which failures quote.
 */
final class EngineProcess {
    /** How long an engine may take to end after SIGTERM before the harness calls it a failure. */
    static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);
    private static final int TAIL_LINES = 40;
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    /** The one thread that forks every child, so that --pdeathsig fires only when the JVM dies. */
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "engine-launcher");
        t.setDaemon(true);
        return t;
    });
    /** The children still alive, for the shutdown hook. */
    private static final Set<Process> ALIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(Process::destroyForcibly),
                "engine-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private EngineProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a command with stdin from /dev/null, its output appended to {@code log}.
     *
     * @param name what failures call it, for example "rsyslogd"
     */
    static EngineProcess start(String name, List<String> command, Path log) throws IOException {
        return start(name, command, log, ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    }

    /** Starts a command whose stdin is a pipe that {@link #stdin()} writes into. */
    static EngineProcess startWithStdin(String name, List<String> command, Path log) throws IOException {
        return start(name, command, log, ProcessBuilder.Redirect.PIPE);
    }

    private static EngineProcess start(String name, List<String> command, Path log, ProcessBuilder.Redirect stdin)
            throws IOException {
        Tool.require(SETPRIV, "util-linux");
        List<String> full = new ArrayList<>(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectInput(stdin)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process;
        try {
            process = LAUNCHER.submit(builder::start).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + name, e);
        } catch (ExecutionException e) {
            throw new IOException("cannot start " + name + " (" + String.join(" ", command) + ")", e.getCause());
        }
        ALIVE.add(process);
        process.onExit().thenRun(() -> ALIVE.remove(process));
        return new EngineProcess(name, process, log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Waits for the process to end by itself, and returns its exit status. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not end within " + timeout + "; killed it\n" + describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        return process.exitValue();
    }

    /** Sends SIGTERM and waits for a clean end; an engine that does not end in time is killed, and that fails. */
    void terminate() {
        process.destroy();
        awaitExit(STOP_TIMEOUT);
    }

    /** Sends SIGKILL and waits until the process is gone (its sockets closed, its port free). */
    void kill() {
        process.destroyForcibly();
        awaitExit(STOP_TIMEOUT);
    }

    /** Fails, quoting the log, if the process has ended. For conditions awaited while it starts. */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " ended with status " + process.exitValue() + "\n" + describe());
        }
    }

    /** Waits, while the process lives, until it listens on a port of 127.0.0.1 itself. */
    void awaitListening(int port, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .alias(name + " listening on 127.0.0.1:" + port)
                .until(() -> {
                    checkAlive();
                    return LocalPorts.listens(process.pid(), port);
                });
    }

    /** Its name, pid, state and the last lines of its log, for failure messages. */
    String describe() {
        String state = process.isAlive() ? "running" : "ended with status " + process.exitValue();
        return name + " (pid " + process.pid() + ", " + state + "), last lines of " + log + ":\n" + tail(log);
    }

    static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(no such file)";
            }
            List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
