package io.github.kernellogger.reader.forward;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import io.github.kernellogger.reader.read.Cursor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relp sink's side of the protocol against a scripted server, for what rsyslog cannot be made
 * to do on demand: answers in any order and many in one read, a refusal among acceptances, the
 * window held when full, a {@code serverclose}. (The sink against rsyslog's own imrelp, killed
 * and restarted, is {@link RelpForwardTest}.)
 */
class RelpSinkTest {
    private static final String LOAD = "5c0e21f4a3b24c6f8e1d9a7b6c5d4e3f";

    private final ScriptedServer server = new ScriptedServer();
    private RelpSink sink;

    @AfterEach
    void close() throws IOException {
        if (sink != null) {
            sink.close();
        }
        server.close();
    }

    private RelpSink open(int window) throws IOException {
        SinkSettings settings = new SinkSettings("relp", Map.of("host", "127.0.0.1", "port",
                Integer.toString(server.port()), "window", Integer.toString(window)), text -> Duration.parse("PT" + text));
        sink = RelpSink.open(SyslogSettings.parse(settings), "web-7");
        sink.begin(LOAD);
        return sink;
    }

    private void send(long fromSeq, long toSeq) throws IOException {
        for (long seq = fromSeq; seq <= toSeq; seq++) {
            sink.record(Records.of(seq, SyslogLevel.INFO, "message " + seq));
        }
        sink.flush();
    }

    private static Cursor at(long seq) {
        return new Cursor(seq, LOAD);
    }

    @Test
    void answersInAnyOrderAndManyInOneReadMoveTheCursorPastEachRunAnswered() throws IOException {
        open(16);
        send(1, 5); // transactions 2..6 (1 was the open)
        server.awaitSyslog(5);
        assertEquals(at(0), sink.accepted(at(5)), "nothing answered: the cursor before the first");

        server.answer("2 200 OK", "4 200 OK");
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.accepted(at(5)).equals(at(1)));

        // A frame cut between two reads.
        server.write("6 rsp 6 200 OK\n3 rsp 6 20");
        server.write("0 OK\n5 rsp 6 200 OK\n");
        sink.settle();
        assertEquals(at(5), sink.accepted(at(5)), "all answered: the cursor at the last record given");
    }

    @Test
    void aRefusalAmongAcceptancesFailsTheSinkAtTheRefusedMessage() throws IOException {
        open(16);
        send(1, 3);
        server.awaitSyslog(3);
        server.answer("2 200 OK", "3 500 no space left on device", "4 200 OK");

        IOException e = assertThrows(IOException.class, sink::settle);
        assertTrue(e.getMessage().contains("the server refused a message (rsp 500 no space left on device)"),
                e.getMessage());
        assertEquals(at(1), sink.accepted(at(3)), "resent from the refused message on");
        assertThrows(IOException.class, () -> sink.record(Records.of(4, SyslogLevel.INFO, "after")),
                "a failed sink takes nothing more");
    }

    @Test
    void aFullWindowHoldsTheNextMessageUntilAnswersMakeRoom() throws Exception {
        open(8);
        AtomicReference<IOException> failed = new AtomicReference<>();
        Thread sender = new Thread(() -> {
            try {
                send(1, 12);
                sink.settle();
            } catch (IOException e) {
                failed.set(e);
            }
        }, "sender");
        sender.start();
        server.awaitSyslog(8);
        // The eight were written when the window was full; the sender then waits, writing nothing.
        await().atMost(Duration.ofSeconds(30)).until(() -> sender.getState() == Thread.State.TIMED_WAITING);
        assertEquals(8, server.syslogCount(), "no message past the window");

        server.answer("2 200 OK"); // one of eight: not yet a quarter
        server.answer("3 200 OK"); // two: a quarter, room for two more
        server.awaitSyslog(10);
        server.answer("4 200 OK", "5 200 OK", "6 200 OK", "7 200 OK", "8 200 OK", "9 200 OK", "10 200 OK",
                "11 200 OK");
        server.awaitSyslog(12);
        server.answer("12 200 OK", "13 200 OK");
        sender.join(Duration.ofSeconds(30).toMillis());
        assertEquals(null, failed.get());
        assertEquals(8, server.mostUnanswered(), "never more than the window unanswered");
        assertEquals(at(12), sink.accepted(at(12)));
    }

    @Test
    void aServerThatClosesTheSessionFailsTheSinkAndKeepsTheUnansweredForAResend() throws IOException {
        open(16);
        send(1, 4);
        server.awaitSyslog(4);
        server.answer("2 200 OK");
        server.write("0 serverclose 0\n");

        IOException e = assertThrows(IOException.class, sink::settle);
        assertTrue(e.getMessage().contains("serverclose"), e.getMessage());
        assertEquals(at(1), sink.accepted(at(4)));
    }

    /**
     * A RELP server on 127.0.0.1 for one session, scripted by the test: it answers the open at
     * once, and each {@code syslog} command only when the test says how ({@link #answer}),
     * counting how many were unanswered at most.
     */
    private static final class ScriptedServer implements AutoCloseable {
        private final ServerSocket listener;
        private final Thread thread;
        private final List<Integer> syslog = new ArrayList<>();
        private OutputStream out;
        private int answered;
        private int mostUnanswered;

        ScriptedServer() {
            try {
                listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            thread = new Thread(this::serve, "scripted relp server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void serve() {
            try (Socket s = listener.accept()) {
                InputStream in = s.getInputStream();
                synchronized (this) {
                    out = s.getOutputStream();
                }
                for (;;) {
                    String txnr = field(in, ' ');
                    String command = field(in, ' ');
                    int length = Integer.parseInt(field(in, '\n', ' '));
                    byte[] data = in.readNBytes(length);
                    if (length > 0 && in.read() != '\n') {
                        throw new IOException("no LF after the frame of " + txnr);
                    }
                    synchronized (this) {
                        if (command.equals("open")) {
                            write(frames("1 200 OK\nrelp_version=0\nrelp_software=test\ncommands=syslog"));
                        } else if (command.equals("syslog")) {
                            assertTrue(new String(data, StandardCharsets.UTF_8).contains("message "));
                            syslog.add(Integer.parseInt(txnr));
                            mostUnanswered = Math.max(mostUnanswered, syslog.size() - answered);
                            notifyAll();
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // The session is over.
            }
        }

        /** Reads up to one of {@code ends}. */
        private static String field(InputStream in, int... ends) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (;;) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("end of the session");
                }
                for (int end : ends) {
                    if (c == end) {
                        return b.toString(StandardCharsets.US_ASCII);
                    }
                }
                b.write(c);
            }
        }

        synchronized void awaitSyslog(int count) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (syslog.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the server got " + syslog.size() + " syslog commands, not " + count);
                }
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }

        synchronized int syslogCount() {
            return syslog.size();
        }

        synchronized int mostUnanswered() {
            return mostUnanswered;
        }

        /** Writes one {@code rsp} frame per answer to a syslog command, {@code "TXNR CODE TEXT"}, all in one write. */
        synchronized void answer(String... answers) throws IOException {
            answered += answers.length;
            write(frames(answers));
        }

        /** {@code rsp} frames: {@code "TXNR DATA"} each. */
        private static String frames(String... answers) {
            StringBuilder frames = new StringBuilder();
            for (String a : answers) {
                int space = a.indexOf(' ');
                String data = a.substring(space + 1);
                frames.append(a, 0, space).append(" rsp ").append(data.length()).append(' ').append(data).append('\n');
            }
            return frames.toString();
        }

        synchronized void write(String frames) throws IOException {
            out.write(frames.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
