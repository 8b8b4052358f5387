package io.github.kernellogger.reader.forward.engines;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rsyslog harness against Debian's rsyslogd: hand-built RFC 5424 messages in RFC 6587
 * octet-counting frames, over plain TCP and TLS, arrive with their header and structured data as
 * sent; and the receiver can be down at start, killed and restarted on the same port.
 */
class RsyslogTest {
    private static Rsyslog rsyslog;

    @BeforeAll
    static void startRsyslog() {
        rsyslog = Rsyslog.builder().tls(Rsyslog.Tls.SERVER).start();
    }

    @AfterAll
    static void closeRsyslog() {
        if (rsyslog != null) {
            rsyslog.close();
        }
    }

    /** An RFC 6587 octet-counting frame: the message's length in bytes, a space, the message. */
    private static byte[] frame(String message) {
        byte[] m = message.getBytes(StandardCharsets.UTF_8);
        byte[] count = (m.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] f = new byte[count.length + m.length];
        System.arraycopy(count, 0, f, 0, count.length);
        System.arraycopy(m, 0, f, count.length, m.length);
        return f;
    }

    private static void send(OutputStream out, String... messages) throws IOException {
        for (String m : messages) {
            out.write(frame(m));
        }
        out.flush();
    }

    private static void sendPlain(int port, String... messages) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            send(s.getOutputStream(), messages);
        }
    }

    /** The one message received whose MSG is {@code msg}, once it has arrived. */
    private static SyslogMessage receivedWithMsg(Rsyslog r, String msg) {
        return receivedWithMsg(r, msg, 1).get(0);
    }

    private static List<SyslogMessage> receivedWithMsg(Rsyslog r, String msg, int count) {
        await().atMost(Duration.ofMinutes(1))
                .alias("a message '" + msg + "' in " + r.directory())
                .until(() -> r.received().stream().filter(m -> m.msg().equals(msg)).count() >= count);
        List<SyslogMessage> found = r.received().stream().filter(m -> m.msg().equals(msg)).toList();
        assertEquals(count, found.size(), "messages '" + msg + "'");
        return found;
    }

    private static String unique(String what) {
        return what + " " + UUID.randomUUID();
    }

    @Test
    void anOctetCountedMessageArrivesWithItsHeaderAndItsStructuredDataParams() throws IOException {
        String msg = unique("hello from the forwarder");
        // PARAM-VALUE escapes the three characters RFC 5424 names: '"', '\' and ']'.
        String sd = "[origin@32473 thread=\"main\" quote=\"say \\\"hi\\\"\" path=\"C:\\\\temp\" bracket=\"[x\\]\""
                // A backslash before any other character is a backslash (RFC 5424, 6.3.3).
                + " invalid=\"a\\b\"]"
                + "[kernelLogger@32473 seq=\"17\" instance=\"0123456789abcdef\"]";
        sendPlain(rsyslog.port(), "<134>1 2024-05-06T07:08:09.123456Z host-a kernel-logger 4242 REC " + sd + " " + msg);

        SyslogMessage m = receivedWithMsg(rsyslog, msg);
        assertEquals(134, m.pri());
        assertEquals(16, m.facility());
        assertEquals(6, m.severity());
        assertEquals("1", m.version(), "parsed as RFC 5424");
        assertEquals("2024-05-06T07:08:09.123456Z", m.timestamp());
        assertEquals("host-a", m.hostname());
        assertEquals("kernel-logger", m.appName());
        assertEquals("4242", m.procId());
        assertEquals("REC", m.msgId());
        assertEquals(sd, m.structuredData(), "rsyslog keeps the structured data as sent, escapes and all");
        assertEquals(Map.of("origin@32473", Map.of("thread", "main", "quote", "say \"hi\"", "path", "C:\\temp",
                "bracket", "[x]", "invalid", "a\\b"), "kernelLogger@32473", Map.of("seq", "17", "instance", "0123456789abcdef")),
                m.sdElements());
        assertEquals(List.of("thread", "quote", "path", "bracket", "invalid"),
                List.copyOf(m.sdElements().get("origin@32473").keySet()), "the params in the order sent");
        assertEquals("say \"hi\"", m.sdParam("origin@32473", "quote"));
        assertNull(m.sdParam("origin@32473", "Thread"), "SD-PARAM names are case-sensitive");
        assertNull(m.sdParam("origin@32473", "seq"), "a param belongs to its own element");
        assertNull(m.sdParam("other@32473", "thread"));
        assertEquals("tcp", m.listener());
    }

    @Test
    void framesSplitMessagesByTheirCountsNotByNewlines() throws IOException {
        String first = unique("first");
        String second = unique("second");
        // Both frames in one write; the first message holds a line feed and a tab.
        sendPlain(rsyslog.port(), "<11>1 - - app - - - " + first + "\n\tat line two", "<11>1 - - app - - - " + second);

        SyslogMessage m = receivedWithMsg(rsyslog, first + "#012#011at line two");
        assertEquals("-", m.hostname(), "a nil field reads '-'");
        assertEquals("-", m.procId());
        assertEquals("-", m.structuredData());
        assertTrue(m.structuredDataUnderstood());
        assertEquals(Map.of(), m.sdElements());
        receivedWithMsg(rsyslog, second);
    }

    @Test
    void queuedItStoresWhatArrivesInOrderAsItDoesDirectly() throws IOException {
        try (Rsyslog queued = Rsyslog.builder().queued(true).start()) {
            List<String> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                sent.add(unique("queued " + i));
            }
            sendPlain(queued.port(), sent.stream().map(m -> "<14>1 - - app - - - " + m).toArray(String[]::new));
            assertEquals(sent, queued.awaitReceived(sent.size()).stream().map(SyslogMessage::msg).toList());
        }
    }

    @Test
    void aBomBeforeTheMessageStaysInMsg() throws IOException {
        String msg = unique("after a BOM");
        sendPlain(rsyslog.port(), "<14>1 - - app - - - \uFEFF" + msg);
        receivedWithMsg(rsyslog, "\uFEFF" + msg);
    }

    @Test
    void withoutEscapingControlCharactersArriveAsSentAndAMessageOverTheMaximumIsCutInTwo() throws IOException {
        try (Rsyslog raw = Rsyslog.builder().escapeControlCharacters(false).maxMessageSize(1024).start()) {
            String multiLine = unique("first line") + "\n\tat second line";
            String header = "<14>1 - - app - - - ";
            String tooLong = "x".repeat(1024) + "TAIL";
            sendPlain(raw.port(), header + multiLine, header + tooLong, header + "after");

            List<SyslogMessage> all = raw.awaitReceived(4);
            assertEquals(multiLine, all.get(0).msg());
            // rsyslog keeps the first maxMessageSize bytes of the whole message, header included,
            // and takes the rest of the frame for a message of its own.
            assertEquals(header + "x".repeat(1024 - header.length()), all.get(1).rawMsg(), "cut at maxMessageSize");
            assertTrue(all.get(2).rawMsg().endsWith("TAIL"), all.get(2).rawMsg());
            assertEquals("after", all.get(3).msg());
            assertTrue(raw.internalLog().contains("received oversize message"), raw.internalLog());
        }
    }

    @Test
    void structuredDataThatBreaksRfc5424IsNotUnderstood() throws IOException {
        String msg = unique("param name of 33 characters");
        // PARAM-NAME is SD-NAME: at most 32 characters.
        sendPlain(rsyslog.port(), "<14>1 - - app - - [x@32473 " + "p".repeat(33) + "=\"v\"] " + msg);

        SyslogMessage m = receivedWithMsg(rsyslog, msg);
        assertFalse(m.structuredDataUnderstood());
        assertThrows(AssertionError.class, () -> m.sdParam("x@32473", "p".repeat(33)));
    }

    @Test
    void overTlsTheSameFrameArrivesThroughTheTlsListener() throws IOException {
        String msg = unique("over TLS");
        try (SSLSocket s = (SSLSocket) rsyslog.certificates().clientContext(false).getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), rsyslog.tlsPort())) {
            s.startHandshake();
            send(s.getOutputStream(), "<134>1 2024-05-06T07:08:09Z host-a kernel-logger 7 - [kernelLogger@32473 seq=\"1\"] " + msg);
        }
        SyslogMessage m = receivedWithMsg(rsyslog, msg);
        assertEquals("tls", m.listener());
        assertEquals("kernel-logger", m.appName());
        assertEquals("1", m.sdParam("kernelLogger@32473", "seq"));
    }

    @Test
    void mutualTlsTakesAClientWithACertificateOfTheCaAndRefusesOneWithout() throws IOException {
        try (Rsyslog mutual = Rsyslog.builder().tls(Rsyslog.Tls.MUTUAL).start()) {
            String msg = unique("with a client certificate");
            try (SSLSocket s = (SSLSocket) mutual.certificates().clientContext(true).getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), mutual.tlsPort())) {
                send(s.getOutputStream(), "<134>1 - - app - - - " + msg);
            }
            assertEquals("tls", receivedWithMsg(mutual, msg).listener());

            try (SSLSocket s = (SSLSocket) mutual.certificates().clientContext(false).getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), mutual.tlsPort())) {
                // Under TLS 1.3 the client's handshake ends before the server has checked it; the
                // refusal is the server's alert or its close, which the next read meets.
                assertConnectionEnded(s, () -> send(s.getOutputStream(), "<134>1 - - app - - - without a certificate"));
            }
            await().atMost(Duration.ofMinutes(1)).alias("rsyslog's word on the client without a certificate")
                    .until(() -> mutual.internalLog().contains("peer did not provide a certificate, not permitted to talk to it"));
        }
    }

    /** What a client may do on a connection before it reads. */
    private interface ClientStep {
        void run() throws IOException;
    }

    /**
     * Asserts that the receiver has ended a connection: after {@code before}, a read meets the
     * end of the stream or an error (a reset, a TLS alert), never a byte and never the time-out
     * of a connection the receiver keeps. rsyslog never writes to a client, so a client can tell
     * a dead connection this way without waiting.
     */
    private static void assertConnectionEnded(Socket s, ClientStep before) throws IOException {
        s.setSoTimeout(30_000);
        int read;
        try {
            before.run();
            read = s.getInputStream().read();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the receiver keeps the connection", e);
        } catch (IOException ended) {
            read = -1;
        }
        assertEquals(-1, read, "the connection has ended");
    }

    @Test
    void downAtStartThenKilledAndRestartedOnTheSamePortKeepingWhatItReceived() throws IOException {
        try (Rsyslog r = Rsyslog.builder().build()) {
            int port = r.port();
            assertFalse(r.isRunning());
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
                    "down at start: the port refuses");

            r.start();
            String before = unique("before the kill");
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                send(s.getOutputStream(), "<14>1 - - app - - - " + before);
                receivedWithMsg(r, before);

                r.kill();
                assertFalse(r.isRunning());
                assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
                        "killed: the port refuses");
                assertConnectionEnded(s, () -> { });
            }

            r.start();
            String after = unique("after the restart");
            sendPlain(port, "<14>1 - - app - - - " + after);
            receivedWithMsg(r, after);
            assertEquals(List.of(before, after), r.received().stream().map(SyslogMessage::msg).toList(),
                    "one file over both runs, nothing lost, nothing twice");
        }
    }
}
