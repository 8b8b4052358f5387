package io.github.kernellogger.reader.forward.engines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The journal harness against Debian's systemd-journal-remote: entries in the Journal Export
 * Format, text and binary fields, read back from journalctl with every field; what journal-remote
 * drops without failing; and the listening journal-remote down at start, killed and restarted.
 */
class JournalRemoteTest {

    /**
     * The Journal Export Format, by hand: a field is NAME=VALUE and a newline, or, for a value that
     * is not one line of text, NAME, a newline, the value's length as a 64-bit little-endian
     * integer, the value and a newline. An empty line ends each entry.
     */
    private static final class Export {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Export text(String name, String value) {
            out.writeBytes((name + "=" + value + "\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Export binary(String name, byte[] value) {
            out.writeBytes((name + "\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value.length).array());
            out.writeBytes(value);
            out.write('\n');
            return this;
        }

        Export end() {
            out.write('\n');
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    @Test
    void entriesInTheExportFormatReadBackWithEveryFieldTextAndBinary() {
        byte[] multiLine = "first line\n\tat second line".getBytes(StandardCharsets.UTF_8);
        byte[] notText = {0, 1, 2, (byte) 0xff, '\n', 'x'};
        byte[] export = new Export()
                .text("__REALTIME_TIMESTAMP", "1700000000000001").text("MESSAGE", "hello journal")
                .text("PRIORITY", "6").text("SYSLOG_IDENTIFIER", "kernel-logger").text("_PID", "4242")
                .text("LOGGER_SEQ", "17").text("LOGGER_INSTANCE", "0123456789abcdef0123456789abcdef").end()
                .text("__REALTIME_TIMESTAMP", "1700000000000002").binary("MESSAGE", multiLine)
                .binary("LOGGER_BYTES", notText).text("TAG", "a").text("TAG", "b").text("EMPTY", "").end()
                .text("__REALTIME_TIMESTAMP", "1700000000000003").binary("MESSAGE", "printable".getBytes(StandardCharsets.UTF_8))
                .text("F".repeat(64), "a name of 64 characters").end()
                .bytes();
        try (JournalRemote journal = JournalRemote.create()) {
            JournalRemote.FeedReport report = journal.feed(export);
            assertEquals(0, report.status(), report.stderr());
            assertEquals(3, report.entriesWritten(), report.stderr());

            List<JournalEntry> entries = journal.entries();
            assertEquals(3, entries.size(), entries.toString());
            JournalEntry first = entries.get(0);
            assertEquals("1700000000000001", first.text("__REALTIME_TIMESTAMP"));
            assertEquals("hello journal", first.text("MESSAGE"));
            assertEquals("6", first.text("PRIORITY"));
            assertEquals("kernel-logger", first.text("SYSLOG_IDENTIFIER"));
            assertEquals("4242", first.text("_PID"), "journal-remote keeps the trusted fields it is sent");
            assertEquals("17", first.text("LOGGER_SEQ"));
            assertEquals("0123456789abcdef0123456789abcdef", first.text("LOGGER_INSTANCE"));
            assertFalse(first.has("TAG"), "nothing of the next entry");
            assertTrue(first.has("__CURSOR"), "the journal's own fields come with it");

            JournalEntry second = entries.get(1);
            assertArrayEquals(multiLine, second.bytes("MESSAGE"));
            assertArrayEquals(notText, second.bytes("LOGGER_BYTES"));
            assertEquals(List.of("a", "b"), second.texts("TAG"), "a field given twice keeps both values");
            assertEquals("", second.text("EMPTY"));
            assertFalse(second.has("PRIORITY"));

            JournalEntry third = entries.get(2);
            assertEquals("printable", third.text("MESSAGE"));
            assertEquals("a name of 64 characters", third.text("F".repeat(64)));
        }
    }

    @Test
    void journalRemoteDropsWhatTheFormatForbidsAndSaysSoOnlyOnStderr() {
        byte[] export = new Export()
                // No __REALTIME_TIMESTAMP in the stream's first entry: the whole entry is dropped.
                .text("MESSAGE", "no timestamp").end()
                // Field names: A-Z, 0-9 and '_', not starting with a digit, at most 64 characters.
                .text("__REALTIME_TIMESTAMP", "1700000000000001").text("MESSAGE", "bad names")
                .text("lower", "x").text("MY-DASH", "x").text("9LIVES", "x").text("G".repeat(65), "x")
                .text("GOOD_NAME_2", "kept").end()
                // An entry that no empty line ends is lost with the end of the stream.
                .text("__REALTIME_TIMESTAMP", "1700000000000002").text("MESSAGE", "unterminated")
                .bytes();
        try (JournalRemote journal = JournalRemote.create()) {
            JournalRemote.FeedReport report = journal.feed(export);
            assertEquals(0, report.status(), "its status says nothing of what it dropped");
            assertEquals(1, report.entriesWritten(), report.stderr());
            assertTrue(report.stderr().contains("Entry is invalid, ignoring."), report.stderr());
            assertTrue(report.stderr().contains("Premature EOF"), report.stderr());

            List<JournalEntry> entries = journal.entries();
            assertEquals(1, entries.size(), entries.toString());
            JournalEntry e = entries.get(0);
            assertEquals("bad names", e.text("MESSAGE"));
            assertEquals("kept", e.text("GOOD_NAME_2"));
            for (String dropped : List.of("lower", "LOWER", "MY-DASH", "MY_DASH", "9LIVES", "G".repeat(65))) {
                assertFalse(e.has(dropped), dropped);
            }
        }
    }

    private static void sendOverTcp(int port, byte[] export) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write(export);
            out.flush();
        }
    }

    @Test
    void listeningJournalRemoteDownAtStartThenKilledAndRestartedKeepsWhatItWrote() throws IOException {
        try (JournalRemote journal = JournalRemote.create()) {
            assertFalse(journal.isRunning());
            assertThrows(ConnectException.class, () -> sendOverTcp(journal.port(), new byte[0]),
                    "down at start: the port refuses");

            journal.start();
            sendOverTcp(journal.port(), new Export().text("__REALTIME_TIMESTAMP", "1700000000000001")
                    .text("MESSAGE", "before the kill").end().bytes());
            journal.awaitEntries(1);

            journal.kill();
            assertThrows(ConnectException.class, () -> sendOverTcp(journal.port(), new byte[0]),
                    "killed: the port refuses");

            journal.start();
            sendOverTcp(journal.port(), new Export().text("__REALTIME_TIMESTAMP", "1700000000000002")
                    .text("MESSAGE", "after the restart").end().bytes());
            List<JournalEntry> entries = journal.awaitEntries(2);
            assertEquals(List.of("before the kill", "after the restart"),
                    entries.stream().map(e -> e.text("MESSAGE")).toList());
            journal.stop();
        }
    }
}
