package io.github.kernellogger.reader.forward;

import static io.github.kernellogger.reader.forward.SyslogForwardTest.config;
import static io.github.kernellogger.reader.forward.SyslogForwardTest.forward;
import static io.github.kernellogger.reader.forward.SyslogForwardTest.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import io.github.kernellogger.reader.forward.engines.Rsyslog;
import io.github.kernellogger.reader.forward.engines.SyslogMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain TCP syslog against what is on the other end: a peer that answers (as an HTTP server
 * answers 400) is refused and the cursor kept; newline framing into rsyslogd keeps a multi-line record one message; and a saved
 * file that holds two loads is resumed exactly, restart after restart.
 */
class SyslogPeersTest {
    private static final String LOAD = SyslogForwardTest.LOAD;
    private static final String NEXT_LOAD = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void aPeerThatAnswersIsNoSyslogServerAndTheCursorStays() throws IOException {
        SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        log.append(Deliveries.records(1, 14));
        try (AnsweringPeer peer = new AnsweringPeer("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n")) {
            ForwarderProcess f = forward(dir, config(dir, "sink = syslog", "syslog.host = 127.0.0.1",
                    "syslog.port = " + peer.port(), "retry.initial = 100ms", "retry.max = 200ms",
                    "metrics.interval = 100ms"), log);
            f.awaitErr("(TCP) failed: the peer sent 'HTTP/1.1 400 Bad Request'");
            f.awaitErr("a syslog server sends nothing: it is not one");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1))
                    .until(() -> peer.connections() >= 3);
            assertEquals(0, f.terminate(), f.err());
            assertTrue(!Files.exists(dir.resolve("cursor")) || read(dir.resolve("cursor")).equals("instance=" + LOAD + ";seq=0\n"),
                    "nothing accepted, the cursor before the first record: " + f.err());
            assertFalse(f.err().contains("is back"), "an answering peer is never taken for a server:\n" + f.err());
            assertTrue(read(dir.resolve("cursor.prom")).contains("logger_forward_sink_up{forwarder=\"central\"} 0\n"),
                    read(dir.resolve("cursor.prom")));
            assertEquals(1, f.err().split("failed: ", -1).length - 1, "said once:\n" + f.err());
        }
    }

    /**
     * A peer that is not a syslog server, as an HTTP server or a proxy is: it reads what comes,
     * answers, reads on to the end, closes; and counts the connections it took.
     */
    private static final class AnsweringPeer implements AutoCloseable {
        private final java.net.ServerSocket server =
                new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        private final Thread thread;

        AnsweringPeer(String answer) throws IOException {
            thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket s = server.accept()) {
                        connections.incrementAndGet();
                        byte[] b = new byte[8192];
                        if (s.getInputStream().read(b) > 0) {
                            s.getOutputStream().write(answer.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                            s.getOutputStream().flush();
                        }
                        while (s.getInputStream().read(b) >= 0) {
                            // to the end
                        }
                    } catch (IOException e) {
                        // the next connection
                    }
                }
            }, "answering peer");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void newlineFramingIntoRsyslogKeepsAMultiLineRecordOneMessage() throws IOException {
        SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        log.append(Records.framed(1, SyslogLevel.ERR, "payment failed\njava.lang.IllegalStateException: no\n\tat A.b(A.java:1)",
                "TAG", "com.acme.Pay", "MDC", "two\nlines"),
                Records.framed(2, SyslogLevel.INFO, "one line", "TAG", "com.acme.Pay"),
                Records.framed(3, SyslogLevel.INFO, "ends with a line feed\n", "TAG", "com.acme.Pay"));
        try (Rsyslog rsyslog = Rsyslog.builder().start()) {
            ForwarderProcess f = forward(dir, config(dir, "sink = syslog", "syslog.host = 127.0.0.1",
                    "syslog.port = " + rsyslog.port(), "syslog.framing = newline"), log);
            List<SyslogMessage> got = rsyslog.awaitReceived(3);
            assertEquals(0, f.terminate(), f.err());

            assertEquals(3, got.size(), got.toString());
            assertEquals("payment failed#012java.lang.IllegalStateException: no#012#011at A.b(A.java:1)", got.get(0).msg(),
                    "one message, its line feeds as #012 (and its tab as rsyslog escapes it)");
            assertEquals("two#012lines", got.get(0).sdParam(Rfc5424.FIELDS_SD_ID, "MDC"));
            assertEquals("1", got.get(0).version(), got.get(0).rawMsg());
            assertEquals("one line", got.get(1).msg());
            assertEquals("3", got.get(2).sdParam(Rfc5424.SD_ID, "seq"));
            assertEquals("instance=" + LOAD + ";seq=3\n", read(dir.resolve("cursor")));
        }
    }

    @Test
    void aSavedFileOfTwoLoadsIsResumedExactlyRestartAfterRestart() throws IOException {
        SavedLogFile first = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        SavedLogFile second = new SavedLogFile(first.path(), NEXT_LOAD);
        first.append(Deliveries.records(1, 5));
        second.append(Deliveries.records(1, 5));
        try (Rsyslog rsyslog = Rsyslog.builder().start()) {
            Path config = config(dir, "sink = syslog", "syslog.host = 127.0.0.1", "syslog.port = " + rsyslog.port());
            ForwarderProcess f = forward(dir, config, first);
            rsyslog.awaitReceived(11); // 5, the reload, 5
            assertEquals(0, f.terminate(), f.err());
            assertEquals("instance=" + NEXT_LOAD + ";seq=5\n", read(dir.resolve("cursor")));
            long next = 6;
            for (int restart = 1; restart <= 3; restart++, next += 2) {
                second.append(Deliveries.records(next, next + 1));
                int before = rsyslog.received().size();
                f = forward(dir, config, first);
                rsyslog.awaitReceived(before + 2);
                String cursor = "instance=" + NEXT_LOAD + ";seq=" + (next + 1) + "\n";
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1))
                        .until(() -> read(dir.resolve("cursor")).equals(cursor));
                assertEquals(0, f.terminate(), f.err());
                assertEquals(before + 2, rsyslog.received().size(), "restart " + restart + " sent only what was new");
            }
            List<String> identities = new ArrayList<>();
            for (SyslogMessage m : rsyslog.received()) {
                identities.add(m.msgId().equals("reload") ? "reload"
                        : m.sdParam(Rfc5424.SD_ID, "instance") + ";" + m.sdParam(Rfc5424.SD_ID, "seq"));
            }
            assertEquals(identities.size(), identities.stream().distinct().count(), "nothing sent twice: " + identities);
            assertEquals(5 + 1 + 11, identities.size(), identities.toString());
        }
    }
}
