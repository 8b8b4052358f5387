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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Debian's systemd-journal-remote, unmodified, as the receiver of the Journal Export Format
 * ({@code -o export}), writing one journal file in a temporary folder, which {@link #entries()}
 * reads back with {@code journalctl --directory DIR -o json --all} as {@link JournalEntry}s.
 *
 * <p>Two ways to feed it, as an operator would:
 * <ul>
 *   <li>a pipe: {@link #feed(byte[])} or {@link #startFeed()} run
 *       {@code systemd-journal-remote --output=DIR/received.journal -}, which reads the export
 *       format from stdin until it ends;</li>
 *   <li>a socket: {@link #start()} runs it with {@code --listen-raw=127.0.0.1:PORT}, a server
 *       that takes the export format over TCP, one stream a connection, and that
 *       {@link #stop()}, {@link #kill()} and {@link #start()} again end and restart on the same
 *       port, like the other harnesses' engines.</li>
 * </ul>
 * Every run writes to the same journal; a run killed leaves the file unclean, and the next
 * renames it aside ({@code received@...journal~}) and starts a new one, which
 * {@code journalctl --directory} reads together with it.
 *
 * <p>journal-remote's exit status says nothing of the entries: it is 0 when it drops an entry or
 * the rest of a stream. What it dropped it says on stderr only, which {@link FeedReport}
 * carries.
 */
public final class JournalRemote implements AutoCloseable {
    private static final Path JOURNAL_REMOTE = Path.of("/lib/systemd/systemd-journal-remote");
    private static final Path JOURNALCTL = Path.of("/usr/bin/journalctl");
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final Pattern WRITTEN = Pattern.compile("Finishing after writing (\\d+) entries");

    private final Path dir;
    private final int port;
    /** journal-remote as a server. */
    private final EngineLifecycle server = new EngineLifecycle("systemd-journal-remote --listen-raw");
    /** journal-remote reading stdin: one writer of the journal at a time, so one of the two. */
    private final EngineLifecycle stdinReader = new EngineLifecycle("systemd-journal-remote -");
    private int feeds;

    private JournalRemote(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** A folder for the journal and a port for the socket; nothing runs yet. */
    public static JournalRemote create() {
        Tool.require(JOURNAL_REMOTE, "systemd-journal-remote");
        Tool.require(JOURNALCTL, "systemd");
        return new JournalRemote(EngineDirectory.create("journal-remote"), LocalPorts.free());
    }

    /** What one run of journal-remote did, as it says on stderr. */
    public record FeedReport(int status, int entriesWritten, String stderr) {
    }

    /** A journal-remote reading the export format from stdin, until {@link #finish()} closes it. */
    public final class Feed implements AutoCloseable {
        private final EngineProcess process;
        private final Path log;

        private Feed(EngineProcess process, Path log) {
            this.process = process;
            this.log = log;
        }

        /** journal-remote's stdin. */
        public OutputStream input() {
            return process.stdin();
        }

        /** Closes stdin, waits for journal-remote to end and returns what it said. */
        public FeedReport finish() {
            try {
                process.stdin().close();
            } catch (IOException e) {
                // It has ended already (a broken pipe): its report says why.
            }
            int status = process.awaitExit(TIMEOUT);
            return report(status, log);
        }

        /** {@link #finish()}, its report dropped: for try-with-resources. */
        @Override
        public void close() {
            if (process.isAlive()) {
                finish();
            }
        }
    }

    private Path journal() {
        return dir.resolve("received.journal");
    }

    private List<String> command(String input) {
        return List.of(JOURNAL_REMOTE.toString(), input, "--split-mode=none", "--output=" + journal());
    }

    /** Starts journal-remote on stdin; write the export format to {@link Feed#input()}. */
    public synchronized Feed startFeed() {
        checkNoWriter();
        Path log = dir.resolve("feed-" + ++feeds + ".out");
        return new Feed(stdinReader.start(() -> EngineProcess.startWithStdin("systemd-journal-remote", command("-"), log)),
                log);
    }

    private void checkNoWriter() {
        if (server.isRunning() || stdinReader.isRunning()) {
            throw new IllegalStateException("journal-remote runs already: one writer of the journal at a time");
        }
    }

    /** Pipes {@code export} into journal-remote and returns what it said once it has ended. */
    public FeedReport feed(byte[] export) {
        try (Feed f = startFeed()) {
            try {
                f.input().write(export);
            } catch (IOException e) {
                // A broken pipe: journal-remote ended early, and its report says why.
            }
            return f.finish();
        }
    }

    private static FeedReport report(int status, Path log) {
        String said;
        try {
            said = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read what journal-remote said in " + log, e);
        }
        Matcher m = WRITTEN.matcher(said);
        int written = -1;
        while (m.find()) {
            written = Integer.parseInt(m.group(1));
        }
        return new FeedReport(status, written, said);
    }

    /**
     * Starts journal-remote listening on 127.0.0.1:{@link #port()} for the export format (again,
     * after {@link #stop()} or {@link #kill()}), and returns once it listens.
     */
    public synchronized JournalRemote start() {
        checkNoWriter();
        server.start(() -> EngineProcess.start("systemd-journal-remote", command("--listen-raw=127.0.0.1:" + port),
                dir.resolve("server.out"))).awaitListening(port, TIMEOUT);
        return this;
    }

    /** SIGTERM to the listening journal-remote, which closes the journal cleanly; waits for its end. */
    public void stop() {
        server.stop();
    }

    /** SIGKILL to the listening journal-remote; waits until it is gone. */
    public void kill() {
        server.kill();
    }

    public boolean isRunning() {
        return server.isRunning();
    }

    /** The port {@link #start()} listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Every entry in the journal so far, over all runs, in the journal's order (time, then sequence). */
    public List<JournalEntry> entries() {
        if (!Files.exists(journal())) {
            return List.of();
        }
        Tool.Result r = Tool.run(dir, TIMEOUT, List.of(JOURNALCTL.toString(), "--directory=" + dir, "--output=json",
                "--all", "--no-pager")).orThrow();
        List<JournalEntry> entries = new ArrayList<>();
        for (String line : r.stdoutText().lines().toList()) {
            if (line.startsWith("{")) {
                entries.add(JournalEntry.parse(line));
            } else if (!line.equals("-- No entries --")) {
                throw new IllegalStateException("journalctl wrote a line that is no entry: " + line);
            }
        }
        return entries;
    }

    /** Waits until the journal holds at least {@code count} entries, and returns them all. */
    public List<JournalEntry> awaitEntries(int count) {
        try {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> entries().size() >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the journal holds " + entries().size() + " entries, not " + count + ", after "
                    + TIMEOUT + "\n" + server.describe(), e);
        }
        return entries();
    }

    /** The harness's folder: the journal files and journal-remote's output (feed-N.out, server.out). */
    public Path directory() {
        return dir;
    }

    /** Kills journal-remote if it runs and deletes the folder. */
    @Override
    public void close() {
        try {
            server.killIfRunning();
            stdinReader.killIfRunning();
        } finally {
            EngineDirectory.delete(dir);
        }
    }
}
