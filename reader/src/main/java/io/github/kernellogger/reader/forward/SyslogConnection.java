package io.github.kernellogger.reader.forward;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One TCP connection (with TLS, if set) to a syslog server, carrying RFC 6587 frames (octet
 * counting, or one message a line), and the one way TCP syslog lets a sender learn that the
 * server took what it sent: an orderly end ({@link #end}), where the sender shuts its side and
 * the server, having read up to that end, closes its own.
 *
 * <p>A syslog server never sends a byte back: a peer that does (an HTTP server answering
 * {@code 400}, a proxy's banner, a RELP server) is not one, whatever it did with what it read,
 * and the connection fails, saying what it sent.
 */
final class SyslogConnection implements Closeable {
    private static final int BUFFER = 64 * 1024;

    /** What a peer that answers may have said, quoted in the failure. */
    private static final int QUOTED = 64;

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final int timeoutMillis;
    private final boolean octetCounting;
    private final byte[] count = new byte[12];

    private SyslogConnection(Socket socket, int timeoutMillis, boolean octetCounting) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
        this.in = socket.getInputStream();
        this.timeoutMillis = timeoutMillis;
        this.octetCounting = octetCounting;
    }

    /**
     * Connects, and with TLS shakes hands, verifying the server's certificate and that it is for
     * the host connected to.
     *
     * @param tls null for plain TCP
     */
    static SyslogConnection open(SyslogSettings s, SSLContext tls) throws IOException {
        int timeout = (int) Math.min(Integer.MAX_VALUE, s.timeout().toMillis());
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(s.host(), s.port()), timeout);
            plain.setKeepAlive(true);
            plain.setSoTimeout(timeout);
            boolean octetCounting = s.framing() == SyslogSettings.Framing.OCTET_COUNTING;
            if (tls == null) {
                return new SyslogConnection(plain, timeout, octetCounting);
            }
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, s.host(), s.port(), true);
            SSLParameters p = secure.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            secure.setSSLParameters(p);
            secure.startHandshake();
            return new SyslogConnection(secure, timeout, octetCounting);
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * Writes one message in its frame: its length in bytes, a space, the message; or, framed by
     * lines, the message and a line feed (the message holds none: {@link Rfc5424} escaped them).
     */
    void frame(byte[] message, int length) throws IOException {
        if (!octetCounting) {
            out.write(message, 0, length);
            out.write('\n');
            return;
        }
        int at = count.length;
        count[--at] = ' ';
        int n = length;
        do {
            count[--at] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n > 0);
        out.write(count, at, count.length - at);
        out.write(message, 0, length);
    }

    /** Bytes a frame of a message of {@code length} bytes takes. */
    int frameSize(int length) {
        return octetCounting ? Integer.toString(length).length() + 1 + length : length + 1;
    }

    /**
     * Writes what is buffered, after a look at what the peer sent, if anything: a syslog server
     * sends nothing (over TLS the look sees only what was already decrypted; {@link #end} sees
     * the rest).
     */
    void flush() throws IOException {
        if (in.available() > 0) {
            throw answered();
        }
        out.flush();
    }

    /** The peer sent bytes: it is no syslog server. Reads what it said, briefly, to quote it. */
    private IOException answered() {
        byte[] said = new byte[QUOTED];
        int n = 0;
        try {
            socket.setSoTimeout(Math.min(timeoutMillis, 100));
            for (int r; n < said.length && (r = in.read(said, n, said.length - n)) > 0;) {
                n += r;
            }
        } catch (IOException e) {
            // What it said so far is enough to quote.
        }
        return new IOException("the peer sent " + (n == 0 ? "bytes" : "'" + printable(said, n) + "'")
                + ", and a syslog server sends nothing: it is not one, and what was sent on the connection is "
                + "not known to have been taken");
    }

    /** Up to the first line of {@code n} bytes, as text that fits on a line. */
    private static String printable(byte[] b, int n) {
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < n && b[i] != '\r' && b[i] != '\n'; i++) {
            t.append(b[i] >= 32 && b[i] < 127 ? (char) b[i] : '?');
        }
        return t.toString();
    }

    /**
     * Ends the connection in order and returns once the server has closed its side, having read
     * everything sent: shuts the sending side (with TLS, after its close_notify), then reads to
     * the end. Anything else (a byte from the peer, a reset, no end within the time-out) is an
     * IOException: then what was sent is not known to have been taken.
     */
    void end() throws IOException {
        try {
            out.flush();
            socket.shutdownOutput();
            socket.setSoTimeout(timeoutMillis);
            byte[] said = new byte[QUOTED];
            int n = in.read(said);
            if (n > 0) {
                throw new IOException("the peer sent '" + printable(said, n) + "' before it closed the connection, "
                        + "and a syslog server sends nothing: it is not one, and what was sent on the connection is "
                        + "not known to have been taken");
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("the server did not close the connection within " + timeoutMillis
                    + " ms of its end, so what was sent is not known to have been taken", e);
        } finally {
            socket.close();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
