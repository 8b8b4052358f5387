package io.github.kernellogger.reader.forward;

import java.io.BufferedInputStream;
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
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One RELP session (the Reliable Event Logging Protocol of rsyslog's librelp) over TCP, with TLS
 * if set: frames of {@code TXNR SP COMMAND SP DATALEN [SP DATA] LF}. {@link #open} connects and
 * opens the session ({@code open}, offering {@code commands=syslog}), and refuses a server that
 * does not answer it with {@code 200} and {@code syslog} among its commands; then {@link #send}
 * writes {@code syslog} commands, and a thread of the connection's own reads the server's
 * {@code rsp} frames and hands each to the {@link Listener}: the transaction number, the
 * response code ({@code 200} OK, {@code 500} refused) and the text after it. A server that
 * says {@code serverclose}, ends the connection or sends what is no RELP frame ends the session.
 *
 * <p>Writes are the caller's (one thread at a time); the listener is called on the reading
 * thread.
 */
final class RelpConnection implements Closeable {
    /** librelp wraps transaction numbers after this one, back to 1. */
    static final int MAX_TXNR = 999_999_999;
    private static final int BUFFER = 64 * 1024;
    /** The longest response frame believed: a response's data is a code and a line of text. */
    private static final int MAX_RESPONSE = 64 * 1024;
    private static final byte[] OFFER = ("relp_version=0\nrelp_software=logger-reader\ncommands=syslog")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SYSLOG = " syslog ".getBytes(StandardCharsets.US_ASCII);

    /** What the reading thread found. */
    interface Listener {
        /** The response to the command {@code txnr}: its code and the text after it. */
        void response(int txnr, int code, String text);

        /** The session ended: {@code why} says how (the server closed, or broke the protocol). */
        void ended(IOException why);
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] digits = new byte[12];
    private Thread reader;
    private volatile boolean closing;

    private RelpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
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
            c = new RelpConnection(socket);
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
        reader = new Thread(() -> {
            try {
                for (;;) {
                    Frame f = readFrame();
                    if (f == null) {
                        throw new IOException("the server sent what is no RELP frame");
                    }
                    if (f.command.equals("rsp")) {
                        listener.response(f.txnr, f.code(), f.text());
                    } else if (f.command.equals("serverclose")) {
                        throw new IOException("the server closes the session (serverclose: it is shutting down)");
                    }
                    // Other commands from a server are hints; RELP says to ignore those unknown.
                }
            } catch (EOFException e) {
                if (!closing) {
                    listener.ended(new IOException("the server closed the connection", e));
                }
            } catch (IOException e) {
                if (!closing) {
                    listener.ended(e.getMessage() == null ? new IOException(e.toString(), e) : e);
                }
            }
        }, "logger-reader forward relp reader");
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
        StringBuilder command = new StringBuilder();
        for (int b = read(); b != ' '; b = read()) {
            if (b < 'a' || b > 'z' || command.length() > 32) {
                return null;
            }
            command.append((char) b);
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
                int r = in.read(data, got, data.length - got);
                if (r < 0) {
                    throw new EOFException();
                }
                got += r;
            }
            b = read();
        }
        if (b != '\n') {
            return null;
        }
        return new Frame((int) txnr, command.toString(), data);
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
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    /** Closes the socket as it is; the reading thread ends with it, telling nobody. */
    @Override
    public void close() throws IOException {
        closing = true;
        socket.close();
    }
}
