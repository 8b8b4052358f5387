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
 * One TCP connection (with TLS, if set) to a syslog server, carrying RFC 6587 octet-counted
 * frames, and the one way TCP syslog lets a sender learn that the server took what it sent: an
 * orderly end ({@link #end}), where the sender shuts its side and the server, having read up to
 * that end, closes its own.
 */
final class SyslogConnection implements Closeable {
    private static final int BUFFER = 64 * 1024;

    private final Socket socket;
    private final OutputStream out;
    private final int timeoutMillis;
    private final byte[] count = new byte[12];

    private SyslogConnection(Socket socket, int timeoutMillis) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
        this.timeoutMillis = timeoutMillis;
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
            if (tls == null) {
                return new SyslogConnection(plain, timeout);
            }
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, s.host(), s.port(), true);
            SSLParameters p = secure.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            secure.setSSLParameters(p);
            secure.startHandshake();
            return new SyslogConnection(secure, timeout);
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    /** Writes one message in its frame: its length in bytes, a space, the message. */
    void frame(byte[] message, int length) throws IOException {
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
    static int frameSize(int length) {
        return Integer.toString(length).length() + 1 + length;
    }

    void flush() throws IOException {
        out.flush();
    }

    /**
     * Ends the connection in order and returns once the server has closed its side, having read
     * everything sent: shuts the sending side (with TLS, after its close_notify), then reads to
     * the end. Anything else (a reset, no end within the time-out) is an IOException: then what
     * was sent is not known to have been taken.
     */
    void end() throws IOException {
        try {
            out.flush();
            socket.shutdownOutput();
            socket.setSoTimeout(timeoutMillis);
            InputStream in = socket.getInputStream();
            byte[] ignored = new byte[256];
            while (in.read(ignored) >= 0) {
                // A syslog server says nothing; whatever it says is not an answer.
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
