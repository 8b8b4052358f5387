package io.github.kernellogger.reader.forward.engines;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Debian's rsyslogd, unmodified, as a syslog receiver for tests: it listens on 127.0.0.1 for
 * syslog over TCP (imtcp, octet-counting or LF framing, RFC 6587), optionally also with TLS
 * (the gtls driver) and RELP (imrelp, Debian's rsyslog-relp), and writes every message it receives to a file, one JSON object a line,
 * which {@link #received()} reads back as {@link SyslogMessage}s.
 *
 * <p>It runs as {@code rsyslogd -n -f rsyslog.conf -i rsyslogd.pid} with a configuration of its
 * own in its own temporary folder; nothing of the system's syslog is touched. {@link #build()}
 * picks the ports and writes and checks the configuration ({@code rsyslogd -N1}) without starting
 * rsyslogd, so that a test can start its client while the receiver is still down;
 * {@link #start()} starts it and returns once it listens; {@link #stop()} (SIGTERM) and
 * {@link #kill()} (SIGKILL) end it, and {@link #start()} again starts it on the same ports, with
 * the same output file (appended to, so that {@link #received()} holds the messages of every run).
 *
 * <p>Messages go from the listener to the file in the listener's thread (a Direct queue; the file
 * flushed at the end of each batch), which narrows what a kill loses but does not close it:
 * rsyslogd 8.2302 closes a TCP connection in order, and takes the next, before it has written
 * all it read on the first, so that a SIGKILL then loses up to one connection's messages. An
 * answered message (RELP) is in the file before its answer.
 */
public final class Rsyslog implements AutoCloseable {
    private static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration RECEIVE_TIMEOUT = Duration.ofMinutes(1);

    /** How the TLS listener, if any, authenticates. */
    public enum Tls {
        /** No TLS listener. */
        NONE,
        /** A TLS listener whose certificate clients verify; clients need no certificate (gtls "anon"). */
        SERVER,
        /** A TLS listener that also requires a client certificate signed by the test CA (gtls "x509/certvalid"). */
        MUTUAL
    }

    private final Path dir;
    private final int port;
    private final int tlsPort;
    private final int relpPort;
    private final Tls tls;
    private final TestCertificates certificates;
    private final EngineLifecycle rsyslogd = new EngineLifecycle("rsyslogd");

    private Rsyslog(Path dir, int port, int tlsPort, int relpPort, Tls tls, TestCertificates certificates) {
        this.dir = dir;
        this.port = port;
        this.tlsPort = tlsPort;
        this.relpPort = relpPort;
        this.tls = tls;
        this.certificates = certificates;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What the receiver is: its TLS listener, and the rsyslog settings a sink must live with. */
    public static final class Builder {
        private Tls tls = Tls.NONE;
        private int maxMessageSize = 8192;
        private boolean escapeControlCharacters = true;
        private boolean relp;
        private boolean parsed = true;
        private boolean queued;

        private Builder() {
        }

        /**
         * Whether each message is stored parsed, every property a test checks as JSON (the
         * default), or as received, one line in RFC 5424 (RSYSLOG_SyslogProtocol23Format), without
         * mmpstrucdata: what a benchmark of the sender needs, whose receiver must not be the
         * bottleneck. {@link Rsyslog#received()} reads only the parsed form.
         */
        public Builder parsed(boolean parsed) {
            this.parsed = parsed;
            return this;
        }

        /**
         * Whether messages go from the listeners to the file through an in-memory queue (rsyslog's
         * LinkedList queue, whose worker thread writes them in batches), as a stock rsyslogd's do
         * through its main queue, rather than synchronously (a Direct queue, the default, see the
         * class): what a benchmark of the sender needs. Synchronously, imrelp hands each message
         * to the file's action alone, which then writes and flushes once per message on imrelp's
         * one thread, and that thread is the bottleneck. Queued, what rsyslogd acknowledged (RELP)
         * or read (TCP) is in its memory only: killed, it loses it.
         */
        public Builder queued(boolean queued) {
            this.queued = queued;
            return this;
        }

        /** Adds a RELP listener (imrelp) on a port of its own ({@link #relpPort()}). Default: none. */
        public Builder relp(boolean relp) {
            this.relp = relp;
            return this;
        }

        /** Adds a TLS listener on a port of its own ({@link #tlsPort()}). Default: none. */
        public Builder tls(Tls tls) {
            this.tls = tls;
            return this;
        }

        /**
         * rsyslog's maxMessageSize, in bytes. Default 8192, rsyslog's own. A longer message is
         * truncated there, and what follows the cut is taken for a message of its own.
         */
        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        /**
         * Whether rsyslog escapes control characters on receipt (LF becomes {@code #012}), as it
         * does by default: parser.escapeControlCharactersOnReceive. Default true.
         */
        public Builder escapeControlCharacters(boolean escape) {
            this.escapeControlCharacters = escape;
            return this;
        }

        /** Picks the ports, writes and checks the configuration; rsyslogd is not started yet. */
        public Rsyslog build() {
            Tool.require(RSYSLOGD, "rsyslog");
            Path dir = EngineDirectory.create("rsyslog");
            try {
                Files.createDirectories(dir.resolve("work"));
                TestCertificates certificates = null;
                if (tls != Tls.NONE) {
                    Files.createDirectories(dir.resolve("tls"));
                    certificates = TestCertificates.create(dir.resolve("tls"));
                }
                Rsyslog r = new Rsyslog(dir, LocalPorts.free(), tls == Tls.NONE ? -1 : LocalPorts.free(),
                        relp ? LocalPorts.free() : -1, tls, certificates);
                Files.writeString(r.config(), r.configText(maxMessageSize, escapeControlCharacters, parsed, queued));
                Tool.Result check = Tool.run(dir, START_TIMEOUT,
                        List.of(RSYSLOGD.toString(), "-N1", "-f", r.config().toString()));
                if (check.status() != 0) {
                    throw new IllegalStateException("rsyslogd refuses the harness's configuration "
                            + r.config() + (tls == Tls.NONE ? "" : " (is rsyslog-gnutls installed?)")
                            + (relp ? " (is rsyslog-relp installed?)" : "") + ":\n"
                            + check.stderr() + check.stdoutText());
                }
                return r;
            } catch (IOException | RuntimeException e) {
                EngineDirectory.delete(dir);
                if (e instanceof IOException io) {
                    throw new UncheckedIOException(io);
                }
                throw (RuntimeException) e;
            }
        }

        /** {@link #build()}, then {@link Rsyslog#start()}. */
        public Rsyslog start() {
            Rsyslog r = build();
            try {
                return r.start();
            } catch (RuntimeException e) {
                r.close();
                throw e;
            }
        }
    }

    private String configText(int maxMessageSize, boolean escapeControlCharacters, boolean parsed, boolean queued) {
        StringBuilder c = new StringBuilder();
        c.append("# Written by the test harness ").append(Rsyslog.class.getName()).append(".\n");
        c.append("global(workDirectory=\"").append(dir.resolve("work")).append("\"\n")
                .append("       maxMessageSize=\"").append(maxMessageSize).append("\"\n")
                // rsyslogd's own messages go through the rules below, not to the system's syslog.
                .append("       processInternalMessages=\"on\"\n")
                .append("       parser.escapeControlCharactersOnReceive=\"")
                .append(escapeControlCharacters ? "on" : "off").append("\")\n");
        c.append("module(load=\"imtcp\")\n");
        if (relpPort > 0) {
            c.append("module(load=\"imrelp\")\n");
        }
        c.append("module(load=\"mmpstrucdata\")\n");
        // Every property a test checks, one JSON object a line (jsonf escapes what needs it).
        c.append("template(name=\"received\" type=\"list\" option.jsonf=\"on\") {\n");
        String[][] properties = {
            {"pri", "pri"}, {"protocol-version", "protocol-version"}, {"hostname", "hostname"},
            {"app-name", "app-name"}, {"procid", "procid"}, {"msgid", "msgid"},
            {"structured-data", "structured-data"}, {"sd", "$!rfc5424-sd"}, {"msg", "msg"},
            {"rawmsg", "rawmsg"}, {"inputname", "inputname"},
        };
        for (String[] p : properties) {
            c.append("  property(outname=\"").append(p[0]).append("\" name=\"").append(p[1])
                    .append("\" format=\"jsonf\")\n");
        }
        c.append("  property(outname=\"timestamp\" name=\"timereported\" dateFormat=\"rfc3339\" format=\"jsonf\")\n");
        c.append("}\n");
        c.append("ruleset(name=\"received\" queue.type=\"").append(queued ? "LinkedList" : "Direct").append("\") {\n");
        if (parsed) {
            c.append("  action(type=\"mmpstrucdata\" sd_name.lowercase=\"off\")\n");
        }
        c.append("  action(type=\"omfile\" file=\"").append(receivedFile())
                .append("\" template=\"").append(parsed ? "received" : "RSYSLOG_SyslogProtocol23Format")
                .append("\" flushOnTXEnd=\"on\" asyncWriting=\"off\")\n")
                .append("}\n");
        c.append("input(type=\"imtcp\" name=\"tcp\" address=\"127.0.0.1\" port=\"").append(port)
                .append("\" ruleset=\"received\")\n");
        if (relpPort > 0) {
            c.append("input(type=\"imrelp\" name=\"relp\" address=\"127.0.0.1\" port=\"").append(relpPort)
                    .append("\" ruleset=\"received\")\n");
        }
        if (tls != Tls.NONE) {
            c.append("input(type=\"imtcp\" name=\"tls\" address=\"127.0.0.1\" port=\"").append(tlsPort)
                    .append("\" ruleset=\"received\"\n")
                    .append("      streamDriver.name=\"gtls\" streamDriver.mode=\"1\" streamDriver.authMode=\"")
                    .append(tls == Tls.MUTUAL ? "x509/certvalid" : "anon").append("\"\n")
                    .append("      streamDriver.caFile=\"").append(certificates.caCertificate()).append("\"\n")
                    .append("      streamDriver.certFile=\"").append(certificates.serverCertificate()).append("\"\n")
                    .append("      streamDriver.keyFile=\"").append(certificates.serverKey()).append("\")\n");
        }
        c.append("*.* action(type=\"omfile\" file=\"").append(internalLogFile()).append("\")\n");
        return c.toString();
    }

    private Path config() {
        return dir.resolve("rsyslog.conf");
    }

    /** The file every message received goes to, over all runs. */
    public Path receivedFile() {
        return dir.resolve("received.jsonl");
    }

    private Path internalLogFile() {
        return dir.resolve("internal.log");
    }

    /**
     * Starts rsyslogd (again, after {@link #stop()} or {@link #kill()}: the same ports, the same
     * files) and returns once it listens on every port. Fails, quoting its output, if it ends or
     * does not listen within a minute.
     */
    public Rsyslog start() {
        EngineProcess process = rsyslogd.start(() -> {
            // A pid file left by a killed rsyslogd names a process that is gone; remove it anyway.
            Files.deleteIfExists(dir.resolve("rsyslogd.pid"));
            return EngineProcess.start("rsyslogd", List.of(RSYSLOGD.toString(), "-n", "-f", config().toString(),
                    "-i", dir.resolve("rsyslogd.pid").toString()), dir.resolve("rsyslogd.out"));
        });
        process.awaitListening(port, START_TIMEOUT);
        if (relpPort > 0) {
            process.awaitListening(relpPort, START_TIMEOUT);
        }
        if (tls != Tls.NONE) {
            process.awaitListening(tlsPort, START_TIMEOUT);
        }
        return this;
    }

    /** SIGTERM, and waits until rsyslogd has ended. */
    public void stop() {
        rsyslogd.stop();
    }

    /**
     * SIGKILL, and waits until rsyslogd is gone and its ports are closed. A message it was writing
     * when it died is lost, as in any crash: its torn line is cut off the file, so that the file
     * stays one message a line when rsyslogd is started again and appends to it.
     */
    public void kill() {
        rsyslogd.kill();
        Path file = receivedFile();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = ch.size();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                ch.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            ch.truncate(end);
        } catch (NoSuchFileException e) {
            // Nothing was written yet.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isRunning() {
        return rsyslogd.isRunning();
    }

    /** The plain TCP listener's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The RELP listener's port on 127.0.0.1. */
    public int relpPort() {
        if (relpPort < 0) {
            throw new IllegalStateException("this rsyslog has no RELP listener: build it with relp(true)");
        }
        return relpPort;
    }

    /** The TLS listener's port on 127.0.0.1. */
    public int tlsPort() {
        if (tls == Tls.NONE) {
            throw new IllegalStateException("this rsyslog has no TLS listener: build it with tls(Tls.SERVER)");
        }
        return tlsPort;
    }

    /** The test CA and certificates the TLS listener uses. */
    public TestCertificates certificates() {
        if (tls == Tls.NONE) {
            throw new IllegalStateException("this rsyslog has no TLS listener: build it with tls(Tls.SERVER)");
        }
        return certificates;
    }

    /** Every message rsyslogd has written to its file so far, over all its runs, in order. */
    public List<SyslogMessage> received() {
        try {
            if (!Files.exists(receivedFile())) {
                return List.of();
            }
            String text = new String(Files.readAllBytes(receivedFile()), StandardCharsets.UTF_8);
            List<SyslogMessage> messages = new ArrayList<>();
            int start = 0;
            // Only whole lines: rsyslogd may be writing the next one.
            for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
                messages.add(SyslogMessage.parse(text.substring(start, nl)));
                start = nl + 1;
            }
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until at least {@code count} messages have been received, and returns them all. */
    public List<SyslogMessage> awaitReceived(int count) {
        try {
            await().atMost(RECEIVE_TIMEOUT).pollInterval(Duration.ofMillis(20))
                    .until(() -> received().size() >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("rsyslog received " + received().size() + " messages, not " + count
                    + ", within " + RECEIVE_TIMEOUT + "; its internal log:\n" + internalLog(), e);
        }
        return received();
    }

    /** rsyslogd's own messages (start, stop, errors such as a failed TLS handshake or a truncated message). */
    public String internalLog() {
        try {
            return Files.exists(internalLogFile())
                    ? new String(Files.readAllBytes(internalLogFile()), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The harness's folder: rsyslog.conf, received.jsonl, internal.log, rsyslogd.out, tls/. */
    public Path directory() {
        return dir;
    }

    /** Kills rsyslogd if it runs and deletes the folder. */
    @Override
    public void close() {
        try {
            rsyslogd.killIfRunning();
        } finally {
            EngineDirectory.delete(dir);
        }
    }
}
