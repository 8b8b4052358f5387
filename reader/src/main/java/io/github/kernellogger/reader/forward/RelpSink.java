package io.github.kernellogger.reader.forward;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.output.OutputBuffer;
import io.github.kernellogger.reader.read.Cursor;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.Reload;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The {@code relp} sink: records as RFC 5424 messages ({@link Rfc5424}) in RELP's {@code syslog}
 * commands ({@link RelpConnection}), which the server acknowledges one by one once it has taken
 * each ({@code rsp 200}): what rsyslog's imrelp (Debian's rsyslog-relp) speaks. Unlike plain TCP
 * syslog, a record counts as accepted because the server said so.
 *
 * <p><b>The window.</b> Up to {@code relp.window} messages may be sent and not yet acknowledged
 * (librelp's own client allows 128); the sink then waits until a quarter of them were answered
 * before it sends more, up to {@code relp.timeout} for the oldest. {@link #accepted} lets the cursor past what was
 * acknowledged, up to just before the oldest message that was not: after a break the forwarder
 * sends the window again from there (duplicates of the window only, never a gap). A server that
 * refuses a message ({@code 500}, with its reason) fails the sink at that message, and so does a
 * session the server ends ({@code serverclose}, the end of the connection) while messages wait;
 * an answer missing for {@code relp.timeout} too.
 *
 * <p>Called by one thread at a time (the read loop's lock); the connection's reading thread
 * records each answer under {@link #lock}.
 */
public final class RelpSink implements Sink {
    /** librelp's own client window is 128; a larger one keeps a fast link busy (bench). */
    static final int DEFAULT_WINDOW = 1024;
    static final int MAX_WINDOW = 65536;

    private final SyslogSettings settings;
    private final Rfc5424 format;
    private final Clock clock;
    private final OutputBuffer message = OutputBuffer.scratch();
    private final RelpConnection connection;
    private final long timeoutNanos;
    private String instance;

    /** Guards the window and {@link #failure}; its waiters wait for room or for answers. */
    private final Object lock = new Object();
    /**
     * Messages sent, 0 for the first after the session's open (transaction 2): message {@code n}
     * is in slot {@code n % capacity}. Guarded by {@link #lock}.
     */
    private long sent;
    /** The oldest message not yet acknowledged; all before it were. Guarded by {@link #lock}. */
    private long oldest;
    /** Per slot: where a resend of its message starts (seq; instance), or none (NO_CURSOR). */
    private final long[] beforeSeq;
    private final String[] beforeInstance;
    private final boolean[] acknowledged;
    private final long[] sentNanos;
    /** The first failure: the session is over. Guarded by {@link #lock}. */
    private IOException failure;

    private static final long NO_CURSOR = -1;

    private RelpSink(SyslogSettings settings, SSLContext tls, String hostname, Clock clock) throws IOException {
        this.settings = settings;
        this.format = new Rfc5424(settings.facility(), hostname, clock.getZone(), settings.maxMessageSize(), false);
        this.clock = clock;
        this.timeoutNanos = settings.timeout().toNanos();
        int capacity = settings.window();
        this.beforeSeq = new long[capacity];
        this.beforeInstance = new String[capacity];
        this.acknowledged = new boolean[capacity];
        this.sentNanos = new long[capacity];
        this.connection = RelpConnection.open(settings, tls, new RelpConnection.Listener() {
            @Override
            public void accepted(int[] txnrs, int count) {
                RelpSink.this.accepted(txnrs, count);
            }

            @Override
            public void answered(int txnr, int code, String text) {
                refused(txnr, text);
            }

            @Override
            public void ended(IOException why) {
                fail(why);
            }
        });
    }

    /**
     * Connects to the server the settings name and opens a RELP session.
     *
     * @throws IOException if the server cannot be reached, is no RELP server, or refuses
     */
    static RelpSink open(SyslogSettings s, String hostname) throws IOException {
        SSLContext tls = s.tls() ? TlsContext.of(s) : null;
        return new RelpSink(s, tls, hostname, Clock.system(ZoneId.systemDefault()));
    }

    /** {@code sink = relp}. */
    public static final class Provider implements SinkProvider {
        @Override
        public String name() {
            return "relp";
        }

        @Override
        public String check(SinkSettings settings) {
            return SyslogSettings.check(settings);
        }

        @Override
        public Sink open(SinkSettings settings, String hostname) throws IOException {
            return RelpSink.open(SyslogSettings.parse(settings), hostname);
        }
    }

    /** The transaction number of message {@code n}: 2, 3, ... (1 was the open), wrapping as librelp does. */
    private static int txnr(long n) {
        return (int) ((n + 1) % RelpConnection.MAX_TXNR) + 1;
    }

    @Override
    public void begin(String instance) {
        this.instance = instance;
    }

    @Override
    public void record(LogRecord r) throws IOException {
        format.record(r, instance, message);
        send(r.seq() - 1, instance);
    }

    @Override
    public void gap(Gap g) throws IOException {
        format.gap(instance, g.lost(), g.firstSeq(), g.lastSeq(), g.describe(), clock.instant(), message);
        send(g.firstSeq() - 1, instance);
    }

    @Override
    public void reload(Reload r) throws IOException {
        format.reload(r.previousInstance(), r.instance(), r.describe(), clock.instant(), message);
        // As for the syslog sink: resumed from a cursor of the load before, a reader learns of the
        // reload again; without that load's id the message cannot be named, and may be lost.
        if (r.previousInstance() == null) {
            send(NO_CURSOR, null);
        } else {
            send(0, r.previousInstance());
        }
        instance = r.instance();
    }

    /** Sends the message built, once the window has room; {@code beforeSeq} is where a resend starts. */
    private void send(long before, String beforeLoad) throws IOException {
        long n;
        for (;;) {
            synchronized (lock) {
                throwIfFailed();
                if (sent - oldest < beforeSeq.length) {
                    n = sent;
                    int slot = (int) (n % beforeSeq.length);
                    beforeSeq[slot] = before;
                    beforeInstance[slot] = beforeLoad;
                    acknowledged[slot] = false;
                    sentNanos[slot] = System.nanoTime();
                    sent = n + 1;
                    break;
                }
            }
            // Full. The server must see what it is to answer; written without the lock, which the
            // reading thread needs to take the answers in while the write waits for room.
            try {
                connection.flush();
                connection.awaitingAnswers(true);
                synchronized (lock) {
                    // A quarter of the window answered, not one message: the next writes are
                    // batches, not a system call and a packet per message.
                    awaitAnswers(sent - beforeSeq.length + Math.max(1, beforeSeq.length / 4));
                }
                connection.awaitingAnswers(false);
            } catch (IOException e) {
                throw fail(e);
            }
        }
        try {
            connection.send(txnr(n), message.array(), message.length());
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /**
     * Call only holding the lock: waits until every message before {@code n} was acknowledged,
     * the session failed, or the oldest waited {@code relp.timeout}.
     */
    private void awaitAnswers(long n) throws IOException {
        while (oldest < n && failure == null) {
            long waited = System.nanoTime() - sentNanos[(int) (oldest % beforeSeq.length)];
            long left = timeoutNanos - waited;
            if (left <= 0) {
                throw failLocked(new IOException("no answer from the server within " + Durations.text(settings.timeout())
                        + " (relp.timeout) to the message sent " + (sent - oldest) + " messages ago"));
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failLocked(new java.io.InterruptedIOException("interrupted while waiting for the server's answers"));
            }
        }
        throwIfFailed();
    }

    /** From the reading thread: the server took the messages of these transactions. */
    private void accepted(int[] txnrs, int count) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                long n = waiting(txnrs[i]);
                if (n >= 0) {
                    acknowledged[(int) (n % beforeSeq.length)] = true;
                }
            }
            long before = oldest;
            while (oldest < sent && acknowledged[(int) (oldest % beforeSeq.length)]) {
                oldest++;
            }
            if (oldest != before) {
                lock.notifyAll();
            }
        }
    }

    /** From the reading thread: the server answered transaction {@code txnr} otherwise than 200. */
    private void refused(int txnr, String text) {
        synchronized (lock) {
            if (waiting(txnr) >= 0) {
                failLocked(new IOException("the server refused a message (rsp " + text + ")"));
            }
        }
    }

    /**
     * Call only holding the lock: the message of transaction {@code txnr} among those waiting
     * (answers may come out of order), or -1 if none is (the answer to the close, or to nothing
     * of ours).
     */
    private long waiting(int txnr) {
        long n = oldest + Math.floorMod(txnr - txnr(oldest), RelpConnection.MAX_TXNR);
        return n < sent ? n : -1;
    }

    /** Writes what is buffered; fails if the session did, or an answer is overdue. */
    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            throwIfFailed();
            if (oldest < sent && System.nanoTime() - sentNanos[(int) (oldest % beforeSeq.length)] > timeoutNanos) {
                throw failLocked(new IOException("no answer from the server within "
                        + Durations.text(settings.timeout()) + " (relp.timeout)"));
            }
        }
        try {
            connection.flush();
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /** Writes what is buffered and waits until the server has answered it all. */
    @Override
    public void settle() throws IOException {
        flush();
        try {
            connection.awaitingAnswers(true);
            synchronized (lock) {
                awaitAnswers(sent);
            }
            connection.awaitingAnswers(false);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /** {@code read} if every message was acknowledged, else the cursor before the oldest that was not. */
    @Override
    public Cursor accepted(Cursor read) {
        synchronized (lock) {
            for (long n = oldest; n < sent; n++) {
                int slot = (int) (n % beforeSeq.length);
                if (!acknowledged[slot] && beforeSeq[slot] != NO_CURSOR) {
                    return new Cursor(beforeSeq[slot], beforeInstance[slot]);
                }
            }
            return read;
        }
    }

    private void throwIfFailed() throws IOException {
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
    }

    private IOException fail(IOException e) {
        synchronized (lock) {
            return failLocked(e);
        }
    }

    /** Call only holding the lock: the session is over; whoever waits learns it. */
    private IOException failLocked(IOException e) {
        if (failure == null) {
            long waiting = sent - oldest;
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            failure = new IOException(why + (waiting > 0 ? ", " + waiting + " message" + (waiting == 1 ? "" : "s")
                    + " not acknowledged" : ""), e);
            lock.notifyAll();
        }
        return failure;
    }

    /**
     * Ends the session: once everything was acknowledged, with RELP's {@code close} (answered by
     * the server, which then closes), at most {@code relp.timeout}; else the connection is closed
     * as it is, and what was not acknowledged the next run sends again.
     */
    @Override
    public void close() throws IOException {
        boolean clean;
        synchronized (lock) {
            clean = failure == null && oldest == sent;
        }
        try {
            if (clean) {
                connection.sendClose(txnr(sent));
                connection.flush();
            }
        } catch (IOException e) {
            // Closed below anyway.
        } finally {
            connection.close();
        }
    }
}
