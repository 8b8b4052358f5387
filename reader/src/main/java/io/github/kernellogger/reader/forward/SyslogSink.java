package io.github.kernellogger.reader.forward;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.output.OutputBuffer;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.Cursor;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.Reload;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;
import javax.net.ssl.SSLContext;

/**
 * The {@code syslog} sink: records as RFC 5424 messages ({@link Rfc5424}) over TCP in RFC 6587
 * octet-counting frames, optionally with TLS (RFC 5425): what rsyslog, syslog-ng, Fluent Bit,
 * Vector, Logstash and the OpenTelemetry Collector all take.
 *
 * <p><b>When a record counts as accepted.</b> TCP syslog has no acknowledgement: that a write
 * returned says only that the bytes reached this machine's socket buffer, and a server that dies
 * loses what sat in its own buffer or memory. What TCP does tell is an orderly end: the sink
 * shuts its side of the connection and the server, once it has read up to that end, closes its
 * own. So the records written on a connection are held as <em>sent</em> (a window) until the
 * sink ends that connection so, and the server then also takes a new connection (a server that
 * died closes too, but refuses the next one): only then are they <em>accepted</em>, and
 * {@link #accepted} lets the cursor past them. The sink ends a connection this way when the
 * window holds {@code syslog.settle.bytes} or its oldest record was sent
 * {@code syslog.settle.interval} ago (checked on every flush; the forwarder flushes at least
 * twice a second), and at the end of a run ({@link #settle}). A connection that fails on the way
 * fails the sink: the forwarder then resumes from its cursor, which stands before the window,
 * and sends the window again on a new connection. Duplicates are possible (of the window);
 * silent loss is not, as far as the server has taken what it read when it closes (rsyslog with
 * a Direct or disk queue; in memory, its queue is its own promise).
 *
 * <p>Not thread-safe: the read loop calls it under its lock.
 */
public final class SyslogSink implements Sink {
    private final SyslogSettings settings;
    private final SSLContext tls;
    private final Rfc5424 format;
    private final Clock clock;
    private final OutputBuffer message = OutputBuffer.scratch();

    /** Null between connections: the next message opens one. */
    private SyslogConnection connection;
    private String instance;
    /** Once a connection failed, every call fails: what it had sent is in doubt. */
    private IOException failed;

    /** The cursor before the oldest message sent and not yet accepted; null when none is. */
    private Cursor windowStart;
    private long windowBytes;
    private long windowSince;

    private SyslogSink(SyslogSettings settings, SSLContext tls, String hostname, Clock clock) {
        this.settings = settings;
        this.tls = tls;
        this.format = new Rfc5424(settings.facility(), hostname, clock.getZone(), settings.maxMessageSize(),
                settings.framing() == SyslogSettings.Framing.NEWLINE);
        this.clock = clock;
    }

    /**
     * Connects to the server the settings name.
     *
     * @param hostname HOSTNAME of every message
     * @throws IllegalArgumentException for a bad setting, naming it
     * @throws IOException if the server cannot be reached, or TLS fails
     */
    static SyslogSink open(SyslogSettings s, String hostname) throws IOException {
        SSLContext tls = s.tls() ? TlsContext.of(s) : null;
        SyslogSink sink = new SyslogSink(s, tls, hostname, Clock.system(ZoneId.systemDefault()));
        sink.connection();
        return sink;
    }

    /** {@code sink = syslog}. */
    public static final class Provider implements SinkProvider {
        @Override
        public String name() {
            return "syslog";
        }

        @Override
        public String check(SinkSettings settings) {
            return SyslogSettings.check(settings);
        }

        @Override
        public Sink open(SinkSettings settings, String hostname) throws IOException {
            return SyslogSink.open(SyslogSettings.parse(settings), hostname);
        }
    }

    @Override
    public void cgroups(CgroupNames names) {
        format.cgroups(names);
    }

    @Override
    public void begin(String instance) {
        this.instance = instance;
    }

    @Override
    public void record(LogRecord r) throws IOException {
        format.record(r, instance, message);
        send(r.seq() - 1);
    }

    @Override
    public void gap(Gap g) throws IOException {
        format.gap(instance, g.lost(), g.firstSeq(), g.lastSeq(), g.describe(), clock.instant(), message);
        send(g.firstSeq() - 1);
    }

    @Override
    public void reload(Reload r) throws IOException {
        format.reload(r.previousInstance(), r.instance(), r.describe(), clock.instant(), message);
        // Resumed from a cursor of the load before, a reader learns of the reload again. Without
        // a load id (a cursor of an earlier version) it cannot be named: the message may be lost.
        send(r.previousInstance() == null ? null : new Cursor(0, r.previousInstance()));
        instance = r.instance(); // the records after are of the new load
    }

    /** {@link #send(Cursor)} at seq {@code before} of this load; the cursor made only when needed. */
    private void send(long before) throws IOException {
        send(windowStart == null ? new Cursor(before, instance) : windowStart);
    }

    /** Frames the message built, into the window; {@code before} is where a resend would start. */
    private void send(Cursor before) throws IOException {
        SyslogConnection c = connection();
        try {
            c.frame(message.array(), message.length());
        } catch (IOException e) {
            throw fail(e);
        }
        if (windowStart == null && before != null) {
            windowStart = before;
            windowSince = System.nanoTime();
        }
        windowBytes += c.frameSize(message.length());
    }

    /** Writes what is buffered; ends the connection, accepting the window, once it is due. */
    @Override
    public void flush() throws IOException {
        check();
        if (connection == null) {
            return;
        }
        try {
            connection.flush();
        } catch (IOException e) {
            throw fail(e);
        }
        if (windowBytes >= settings.settleBytes()
                || windowBytes > 0 && System.nanoTime() - windowSince >= settings.settleInterval().toNanos()) {
            settle();
        }
    }

    /** Ends the connection in order, then proves the server alive with the next: all accepted. */
    @Override
    public void settle() throws IOException {
        check();
        if (connection == null || windowBytes == 0) {
            return;
        }
        SyslogConnection ending = connection;
        connection = null;
        try {
            ending.end();
            // A server that was killed closes its connections too, and then refuses new ones.
            connection = SyslogConnection.open(settings, tls);
        } catch (IOException e) {
            throw fail(e);
        }
        windowStart = null;
        windowBytes = 0;
    }

    @Override
    public Cursor accepted(Cursor read) {
        return windowStart == null ? read : windowStart;
    }

    private SyslogConnection connection() throws IOException {
        check();
        if (connection == null) {
            try {
                connection = SyslogConnection.open(settings, tls);
            } catch (IOException e) {
                throw fail(e);
            }
        }
        return connection;
    }

    private void check() throws IOException {
        if (failed != null) {
            throw new IOException(failed.getMessage(), failed);
        }
    }

    private IOException fail(IOException e) {
        failed = new IOException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // Already failed.
            }
            connection = null;
        }
        return failed;
    }

    /** Closes the connection as it is: what was not accepted the next run sends again. */
    @Override
    public void close() throws IOException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
