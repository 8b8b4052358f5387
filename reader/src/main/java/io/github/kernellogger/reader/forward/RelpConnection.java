package io.github.kernellogger.reader.forward;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import jdk.net.ExtendedSocketOptions;

/**
 * One RELP session (the Reliable Event Logging Protocol of rsyslog's librelp) over TCP, with TLS
 * if set: frames of {@code TXNR SP COMMAND SP DATALEN [SP DATA] LF}. {@link #open} connects and
 * opens the session ({@code open}, offering {@code commands=syslog}), and refuses a server that
 * does not answer it with {@code 200} and {@code syslog} among its commands; then {@link #send}
 * writes {@code syslog} commands, and a thread of the connection's own reads the server's
 * {@code rsp} frames and hands them to the {@link Listener}: the transaction numbers answered
 * {@code 200}, as many at a time as one read brought, and any other answer ({@code 500}
 * refused) with its text. A server that says {@code serverclose}, ends the connection or sends
 * what is no RELP frame ends the session.
 *
 * <p><b>Acknowledging the answers at once.</b> librelp's server (rsyslog's imrelp) sends each
 * answer by itself, corked, on a socket with Nagle's algorithm on: an answer waits until the
 * one before it was acknowledged by TCP. While the sink writes, its data carries TCP's
 * acknowledgements back; once its window is full it writes nothing, and Linux delays the
 * acknowledgement of what it read by up to 40 ms, in which the server answers no more: a
 * window's turn took 40 ms (the bench's sink sent 23,000 messages a second). So while the
 * writer waits for answers ({@link #awaitingAnswers}), every read sets {@code TCP_QUICKACK}
 * (Linux's; elsewhere the reads are as they were), which sends the acknowledgement at once. Each
 * acknowledgement lets the server send what it answered meanwhile: acknowledged as soon as they
 * come, the answers come one or two a packet, and both sides spend their CPU on packets (a third
 * of the forwarder's, in the bench); so after a read that brought few, the reading thread pauses
 * 100 µs, well within the time the server takes to answer a window, and the answers come dozens
 * a packet.
 *
 * <p>Writes are the caller's (one thread at a time); the listener is called on the reading
 * thread.
 */
final class RelpConnection implements Closeable {
    /** librelp wraps transaction numbers after this one, back to 1. */
    static final int MAX_TXNR = 999_999_999;
    private static final int BUFFER = 64 * 1024;
    /** The most answers handed to the listener at a time. */
    private static final int ANSWERS = 4096;
    /**
     * While the writer waits for answers, a read that brought fewer bytes than this (about 60
     * answers) is followed by a pause of {@link #ANSWER_PACE} before the next (see the class).
     */
    private static final int FEW_ANSWERS = 1024;
    private static final Duration ANSWER_PACE = Duration.ofNanos(100_000);
    /** The longest response frame believed: a response's data is a code and a line of text. */
    private static final int MAX_RESPONSE = 64 * 1024;
    private static final byte[] OFFER = ("relp_version=0\nrelp_software=logger-reader\ncommands=syslog")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SYSLOG = " syslog ".getBytes(StandardCharsets.US_ASCII);

    /** What the reading thread found. */
    interface Listener {
        /**
         * The server took the commands {@code txnrs[0..count)} ({@code rsp 200}), in the order it
         * answered them; the array is the connection's, reused after the call.
         */
        void accepted(int[] txnrs, int count);

        /** Any other answer to the command {@code txnr}: its code (-1 for none) and its first line. */
        void answered(int txnr, int code, String text);

        /** The session ended: {@code why} says how (the server closed, or broke the protocol). */
        void ended(IOException why);
    }

    private final Socket socket;
    /** The TCP socket under TLS, or the socket itself: where TCP's options are set. */
    private final Socket tcp;
    private final boolean quickAck;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] digits = new byte[12];
    /** The command of the frame being read (RELP's are at most 32 letters). Reading thread only. */
    private final byte[] command = new byte[32];
    /** What was read and not yet parsed: {@code input[inputAt..inputEnd)}. Reading thread only. */
    private final byte[] input = new byte[BUFFER];
    private int inputAt;
    private int inputEnd;
    /** Transactions answered 200 and not yet handed to the listener. Reading thread only. */
    private final int[] answered = new int[ANSWERS];
    private int answeredCount;
    private Listener listener;
    /** Bytes the last read brought. Reading thread only. */
    private int lastRead;
    /** Set while the writer waits for answers: what is read is acknowledged at once. */
    private volatile boolean awaited;
    private Thread reader;
    private volatile boolean closing;

    private RelpConnection(Socket socket, Socket tcp) throws IOException {
        this.socket = socket;
        this.tcp = tcp;
        this.quickAck = tcp.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
        this.in = socket.getInputStream();
    }

    /**
     * Connects (with TLS, verifying the server's certificate and that it is for the host), opens
     * the session, and starts reading responses for {@code listener}.
     *
     * @param tls null for plain TCP
     * @throws IOException if the server cannot be reached, or is no RELP server, or refuses
     */
    static RelpConnection open(SyslogSettings s, SSLContext tls, Listener listener) throws IOException {
        int timeout = (int) Math.min(Integer.MAX_VALUE, s.timeout().toMillis());
        Socket plain = new Socket();
        RelpConnection c = null;
        try {
            plain.connect(new InetSocketAddress(s.host(), s.port()), timeout);
            plain.setKeepAlive(true);
            plain.setTcpNoDelay(true);
            plain.setSoTimeout(timeout);
            Socket socket = plain;
            if (tls != null) {
                SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, s.host(), s.port(), true);
                SSLParameters p = secure.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(p);
                secure.startHandshake();
                socket = secure;
            }
            c = new RelpConnection(socket, plain);
            c.handshake(timeout);
            socket.setSoTimeout(0); // the reading thread waits for as long as the session lasts
            c.startReading(listener);
            return c;
        } catch (IOException e) {
            if (c != null) {
                c.close();
            }
            plain.close();
            throw e;
        }
    }

    /** Sends {@code 1 open}, and reads its answer before anything else is sent. */
    private void handshake(int timeoutMillis) throws IOException {
        writeFrame(1, "open", OFFER, OFFER.length);
        out.flush();
        Frame answer;
        try {
            answer = readFrame();
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer to RELP's open within " + timeoutMillis + " ms: is it a RELP server "
                    + "(rsyslog's imrelp)?", e);
        } catch (EOFException e) {
            throw new IOException("the server closed the connection at RELP's open: is it a RELP server "
                    + "(rsyslog's imrelp)?", e);
        }
        if (answer == null || answer.txnr != 1 || !answer.command.equals("rsp")) {
            throw new IOException("the server answered RELP's open with "
                    + (answer == null ? "something else" : "'" + answer.command + "'") + ": is it a RELP server?");
        }
        if (answer.code() != 200) {
            throw new IOException("the server refused the RELP session: " + answer.text());
        }
        if (!answer.offers("syslog")) {
            throw new IOException("the RELP server does not take the syslog command: " + answer.text());
        }
    }

    private void startReading(Listener listener) {
        this.listener = listener;
        reader = new Thread(() -> {
            try {
                for (;;) {
                    Frame f = readFrame();
                    if (f == null) {
                        throw new IOException("the server sent what is no RELP frame");
                    }
                    if (f.command.equals("rsp")) {
                        int code = f.code();
                        if (code == 200) {
                            answered[answeredCount++] = f.txnr;
                            if (answeredCount == answered.length) {
                                handOver();
                            }
                        } else {
                            handOver();
                            listener.answered(f.txnr, code, f.text());
                        }
                    } else if (f.command.equals("serverclose")) {
                        handOver();
                        throw new IOException("the server closes the session (serverclose: it is shutting down)");
                    }
                    // Other commands from a server are hints; RELP says to ignore those unknown.
                }
            } catch (EOFException e) {
                handOver();
                if (!closing) {
                    listener.ended(new IOException("the server closed the connection", e));
                }
            } catch (IOException e) {
                handOver();
                if (!closing) {
                    listener.ended(e.getMessage() == null ? new IOException(e.toString(), e) : e);
                }
            }
        }, "relp answers (logger-reader forward)");
        reader.setDaemon(true);
        reader.start();
    }

    /** Buffers one {@code syslog} command of {@code length} bytes of {@code message}. */
    void send(int txnr, byte[] message, int length) throws IOException {
        writeNumber(txnr);
        out.write(SYSLOG);
        writeNumber(length);
        out.write(' ');
        out.write(message, 0, length);
        out.write('\n');
    }

    /** Buffers {@code close}, the end of the session, which the server answers and then closes. */
    void sendClose(int txnr) throws IOException {
        writeFrame(txnr, "close", new byte[0], 0);
    }

    void flush() throws IOException {
        out.flush();
    }

    /**
     * Whether the writer now waits for answers, writing nothing meanwhile: then what the reading
     * thread reads, and has read, is acknowledged to TCP at once rather than up to 40 ms later
     * (see the class).
     */
    void awaitingAnswers(boolean waiting) throws IOException {
        awaited = waiting;
        if (waiting) {
            quickAck();
        }
    }

    /** Sends TCP's acknowledgement of what was read at once, and of what comes next (Linux). */
    private void quickAck() throws IOException {
        if (quickAck) {
            tcp.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
        }
    }

    private void writeFrame(int txnr, String command, byte[] data, int length) throws IOException {
        writeNumber(txnr);
        out.write(' ');
        out.write(command.getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        writeNumber(length);
        if (length > 0) {
            out.write(' ');
            out.write(data, 0, length);
        }
        out.write('\n');
    }

    private void writeNumber(long n) throws IOException {
        int at = digits.length;
        do {
            digits[--at] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n > 0);
        out.write(digits, at, digits.length - at);
    }

    /** A frame read: the server's {@code rsp} (or a hint). */
    private record Frame(int txnr, String command, byte[] data) {
        /** RSP-CODE, the three digits a response's data starts with; -1 if it has none. */
        int code() {
            if (data.length < 3) {
                return -1;
            }
            int c = 0;
            for (int i = 0; i < 3; i++) {
                if (data[i] < '0' || data[i] > '9') {
                    return -1;
                }
                c = c * 10 + data[i] - '0';
            }
            return c;
        }

        /** The response's first line: "200 OK", "500 ...". */
        String text() {
            int end = 0;
            while (end < data.length && data[end] != '\n') {
                end++;
            }
            StringBuilder t = new StringBuilder();
            for (byte b : java.util.Arrays.copyOf(data, Math.min(end, 200))) {
                t.append(b >= 32 && b < 127 ? (char) b : '?');
            }
            return t.toString();
        }

        /** Whether the response to open names {@code command} in its {@code commands=} line. */
        boolean offers(String command) {
            for (String line : new String(data, StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("commands=")) {
                    for (String c : line.substring(9).split(",")) {
                        if (c.trim().equals(command)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }

    /**
     * Reads one frame: TXNR SP COMMAND SP DATALEN [SP DATA] LF.
     *
     * @return null for bytes that are no RELP frame
     * @throws EOFException at the end of the stream
     */
    private Frame readFrame() throws IOException {
        long txnr = number(' ');
        if (txnr < 0 || txnr > MAX_TXNR) {
            return null;
        }
        int commandLength = 0;
        for (int b = read(); b != ' '; b = read()) {
            if (b < 'a' || b > 'z' || commandLength == command.length) {
                return null;
            }
            command[commandLength++] = (byte) b;
        }
        long length = 0;
        int b = read();
        int n = 0;
        for (; b >= '0' && b <= '9' && n < 10; b = read(), n++) {
            length = length * 10 + b - '0';
        }
        if (n == 0 || length > MAX_RESPONSE || (length > 0 ? b != ' ' : b != ' ' && b != '\n')) {
            return null;
        }
        byte[] data = new byte[(int) length];
        if (b == ' ') {
            for (int got = 0; got < length;) {
                if (inputAt == inputEnd) {
                    fill();
                }
                int r = Math.min(inputEnd - inputAt, data.length - got);
                System.arraycopy(input, inputAt, data, got, r);
                inputAt += r;
                got += r;
            }
            b = read();
        }
        if (b != '\n') {
            return null;
        }
        return new Frame((int) txnr, commandName(commandLength), data);
    }

    /** The command read, {@code rsp} (nearly every frame) without a new string. */
    private String commandName(int length) {
        if (length == 3 && command[0] == 'r' && command[1] == 's' && command[2] == 'p') {
            return "rsp";
        }
        return new String(command, 0, length, StandardCharsets.US_ASCII);
    }

    /** Digits up to {@code end}; -1 if something else comes. */
    private long number(int end) throws IOException {
        long v = 0;
        int n = 0;
        for (int b = read(); b != end; b = read(), n++) {
            if (b < '0' || b > '9' || n >= 10) {
                return -1;
            }
            v = v * 10 + b - '0';
        }
        return n == 0 ? -1 : v;
    }

    private int read() throws IOException {
        if (inputAt == inputEnd) {
            fill();
        }
        return input[inputAt++] & 0xFF;
    }

    /**
     * Reads what the server sent next, after the answers parsed so far were handed over (this read
     * may wait), with TCP's acknowledgement of it asked to go at once (see the class).
     */
    private void fill() throws IOException {
        handOver();
        if (awaited) {
            if (lastRead < FEW_ANSWERS) {
                LockSupport.parkNanos(ANSWER_PACE.toNanos());
            }
            quickAck();
        }
        int n = in.read(input);
        lastRead = n;
        if (n < 0) {
            throw new EOFException();
        }
        inputAt = 0;
        inputEnd = n;
    }

    /** Hands the answers 200 parsed so far to the listener, if any and if there is one yet. */
    private void handOver() {
        if (answeredCount > 0 && listener != null) {
            listener.accepted(answered, answeredCount);
            answeredCount = 0;
        }
    }

    /** Closes the socket as it is; the reading thread ends with it, telling nobody. */
    @Override
    public void close() throws IOException {
        closing = true;
        socket.close();
    }
}
