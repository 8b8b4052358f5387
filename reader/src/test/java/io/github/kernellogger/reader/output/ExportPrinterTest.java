package io.github.kernellogger.reader.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.RecordField;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import io.github.kernellogger.reader.read.Reload;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden bytes of {@code -o export}: text and binary-safe values, field names, losses and reloads. */
class ExportPrinterTest {
    private static final String INSTANCE = "5c0e1f2a3b4c5d6e7f8091a2b3c4d5e6";
    private static final String NEW_INSTANCE = "0123456789abcdef0123456789abcdef";
    /** The clock a loss with no record around it is stamped with: 2026-12-01T00:00:00Z. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    /** The bytes expected, built as the format is: text lines, binary-safe values, empty lines. */
    private static final class Expected {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Expected text(String lines) {
            bytes.writeBytes(lines.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Expected binary(String name, byte[] value) {
            text(name + "\n");
            bytes.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value.length).array());
            bytes.writeBytes(value);
            return text("\n");
        }

        String string() {
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private interface Feed {
        void into(RecordSink sink) throws Exception;
    }

    /** What the printer writes, each byte one char (ISO 8859-1), so that failures show the difference. */
    private static String export(Feed feed) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordSink p = new ExportPrinter(out, CLOCK);
        feed.into(p);
        p.flush();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String exportOne(LogRecord r) throws Exception {
        return export(p -> {
            p.begin(INSTANCE);
            p.record(r);
        });
    }

    @Test
    void aPlainRecordIsOneEntryOfTextFields() throws Exception {
        assertEquals(new Expected().text("""
                __REALTIME_TIMESTAMP=1795622662124456
                _LOGGER_INSTANCE=5c0e1f2a3b4c5d6e7f8091a2b3c4d5e6
                _LOGGER_SEQ=1
                _PID=4242
                TID=4251
                _UID=1000
                _GID=1000
                _COMM=KernelDevice
                PRIORITY=6
                SYSLOG_IDENTIFIER=KernelDevice
                MESSAGE=started \tin 2 s, é € 😀

                """).string(), exportOne(Records.of(1, SyslogLevel.INFO, "started \tin 2 s, é € 😀")));
    }

    @Test
    void aRecordOfTheAppenderHasItsTimeItsCgroupItsTagAsIdentifierAndItsFields() throws Exception {
        LogRecord r = Records.framed(5, SyslogLevel.ERR,
                "payment failed\njava.lang.IllegalStateException: card declined\n\tat com.acme.Payments.charge(Payments.java:42)",
                "TAG", "com.acme.Payments", "THREAD", "http-nio-8080-exec-3", "order.id", "4711");
        assertEquals(new Expected().text("""
                __REALTIME_TIMESTAMP=1795622662128456
                _SOURCE_REALTIME_TIMESTAMP=1795622662128401
                _LOGGER_INSTANCE=5c0e1f2a3b4c5d6e7f8091a2b3c4d5e6
                _LOGGER_SEQ=5
                _PID=4242
                TID=4251
                _UID=1000
                _GID=1000
                _COMM=KernelDevice
                _CGROUP_ID=5213
                PRIORITY=3
                SYSLOG_IDENTIFIER=com.acme.Payments
                TAG=com.acme.Payments
                THREAD=http-nio-8080-exec-3
                ORDER_ID=4711
                """).binary("MESSAGE", r.payload()).text("\n").string(), exportOne(r));
    }

    @Test
    void withoutALoadIdThereIsNoInstanceField() throws Exception {
        String out = export(p -> {
            p.begin(null);
            p.record(Records.of(1, SyslogLevel.INFO, "abi v1"));
        });
        assertFalse(out.contains("_LOGGER_INSTANCE"), out);
        assertTrue(out.contains("\n_LOGGER_SEQ=1\n"), out);
    }

    @Test
    void oneTrailingNewlineOfTheMessageIsDroppedAndTheRestKept() throws Exception {
        assertTrue(exportOne(Records.of(1, SyslogLevel.INFO, "disk full\n")).endsWith("\nMESSAGE=disk full\n\n"));
        assertTrue(exportOne(Records.of(1, SyslogLevel.INFO, "")).endsWith("\nMESSAGE=\n\n"));
        assertTrue(exportOne(Records.of(1, SyslogLevel.INFO, "two\n\n")).endsWith(
                new Expected().binary("MESSAGE", bytes("two\n")).text("\n").string()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMessageThatIsNotTextIsWrittenBinarySafeByteForByte() throws Exception {
        List<String> notText = List.of(
                "caf\u00e9 latin-1", // a byte that is not UTF-8
                "\u001b[2J\u001b]0;owned\u0007", // escape sequences
                "a\u0000b", "a\rb", "a\u007fb", // NUL, CR, DEL
                "a\u00c2\u009bb", // a C1 control (C2 9B)
                "\u00e2\u0082", // UTF-8 cut short
                "\u00ed\u00a0\u0080"); // an encoded surrogate
        for (String latin1 : notText) {
            byte[] payload = Records.bytes(latin1);
            assertTrue(exportOne(Records.of(1, SyslogLevel.INFO, "KernelDevice", payload)).endsWith(
                    new Expected().binary("MESSAGE", payload).text("\n").string()), latin1);
        }
    }

    @Test
    void aCommAndFieldValuesThatAreNotTextAreBinarySafeToo() throws Exception {
        byte[] comm = Records.bytes("w\u00ff");
        byte[] value = Records.bytes("line one\nline \u00fe");
        LogRecord r = Records.framed(Records.of(1, SyslogLevel.INFO, "KernelDevice", bytes("m")),
                List.of(new RecordField("BLOB", value)));
        LogRecord odd = new LogRecord(r.seq(), r.timestampNanos(), r.level(), r.pid(), r.tid(), r.uid(), r.gid(),
                comm, r.payload(), r.sourceTimestampNanos(), r.cgroupId(), r.flags(), r.fields());
        String out = exportOne(odd);
        String comms = new Expected().binary("_COMM", comm).string();
        assertTrue(out.contains("\n" + comms), out);
        assertTrue(out.contains("\nPRIORITY=6\n" + new Expected().binary("SYSLOG_IDENTIFIER", comm).string()),
                "the identifier is the comm, binary-safe: " + out);
        assertTrue(out.contains("\n" + new Expected().binary("BLOB", value).text("MESSAGE=m\n\n").string()), out);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "TAG, TAG",
        "requestId, REQUESTID",
        "user.id, USER_ID",
        "trace-id, TRACE_ID",
        "MESSAGE_ID, MESSAGE_ID",
        "CODE_FILE, CODE_FILE",
        "9lives, FIELD_9LIVES",
        ".hidden, FIELD__HIDDEN",
        "-x, FIELD__X",
        "MESSAGE, FIELD_MESSAGE",
        "message, FIELD_MESSAGE",
        "PRIORITY, FIELD_PRIORITY",
        "SYSLOG_IDENTIFIER, FIELD_SYSLOG_IDENTIFIER",
        "tid, FIELD_TID",
        "FIELD_MESSAGE, FIELD_MESSAGE"})
    void aWritersKeyBecomesAValidJournalFieldName(String key, String name) {
        assertEquals(name, JournalFieldNames.map(key));
        assertTrue(name.matches("[A-Z][A-Z0-9_]{0,63}"), name);
    }

    @Test
    void aLongKeyThatNeedsThePrefixIsCutTo64() {
        String key = "1" + "a".repeat(63);
        String name = JournalFieldNames.map(key);
        assertEquals(("FIELD_1" + "A".repeat(63)).substring(0, 64), name);
        assertEquals("A".repeat(64), JournalFieldNames.map("a".repeat(64)), "64 without a prefix: as it is");
    }

    @Test
    void keysThatMapToOneNameAreValuesOfOneFieldInTheOrderWritten() throws Exception {
        LogRecord r = Records.framed(1, SyslogLevel.WARNING, "m", "tag", "lower", "TAG", "upper", "a.b", "dot",
                "a-b", "dash", "MESSAGE", "writer's message", "FIELD_MESSAGE", "writer's other");
        assertTrue(exportOne(r).endsWith("""
                PRIORITY=4
                SYSLOG_IDENTIFIER=upper
                TAG=lower
                TAG=upper
                A_B=dot
                A_B=dash
                FIELD_MESSAGE=writer's message
                FIELD_MESSAGE=writer's other
                MESSAGE=m

                """), "the identifier is the value of the key TAG exactly, and MESSAGE stays the message");
    }

    @Test
    void aLossIsAnEntryOfTheReaderAtTheTimeOfTheRecordAfterIt() throws Exception {
        String out = export(p -> {
            p.begin(INSTANCE);
            p.gap(new Gap(3, 2, 4));
            p.record(Records.of(5, SyslogLevel.INFO, "after"));
        });
        assertTrue(out.startsWith("""
                __REALTIME_TIMESTAMP=1795622662128456
                PRIORITY=4
                SYSLOG_IDENTIFIER=logger-reader
                MESSAGE_ID=4a72d5920f2b44c1b5c17ee24c199473
                MESSAGE=-- 3 records lost (seq 2..4, overwritten before they were read) --
                _LOGGER_INSTANCE=5c0e1f2a3b4c5d6e7f8091a2b3c4d5e6
                _LOGGER_LOST=3
                _LOGGER_FIRST_LOST_SEQ=2
                _LOGGER_LAST_LOST_SEQ=4

                __REALTIME_TIMESTAMP=1795622662128456
                _LOGGER_INSTANCE=5c0e1f2a3b4c5d6e7f8091a2b3c4d5e6
                _LOGGER_SEQ=5
                """), out);
    }

    @Test
    void aLossFlushedBeforeAnyRecordAfterItTakesTheTimeOfTheOneBeforeElseTheClocks() throws Exception {
        String after = export(p -> {
            p.record(Records.of(1, SyslogLevel.INFO, "before"));
            p.gap(new Gap(1, 2, 2));
        });
        assertTrue(after.contains("\n\n__REALTIME_TIMESTAMP=1795622662124456\nPRIORITY=4\n"), after);
        String alone = export(p -> p.gap(new Gap(1, 2, 2)));
        assertTrue(alone.startsWith("__REALTIME_TIMESTAMP=1796083200000000\nPRIORITY=4\n"), alone);
    }

    @Test
    void aReloadIsAnEntryOfTheReaderAndTheRecordsAfterItHaveTheNewLoadId() throws Exception {
        String out = export(p -> {
            p.begin(INSTANCE);
            p.record(Records.of(7, SyslogLevel.INFO, "old load"));
            p.gap(new Gap(2, 8, 9));
            p.reload(new Reload(INSTANCE, NEW_INSTANCE, true));
            p.record(Records.of(1, SyslogLevel.INFO, "new load"));
        });
        List<String> entries = List.of(out.split("\n\n"));
        assertEquals(4, entries.size(), out);
        assertTrue(entries.get(1).contains("\n_LOGGER_INSTANCE=" + INSTANCE + "\n_LOGGER_LOST=2\n"),
                "the loss was in the old load: " + entries.get(1));
        assertEquals("""
                __REALTIME_TIMESTAMP=1795622662124456
                PRIORITY=5
                SYSLOG_IDENTIFIER=logger-reader
                MESSAGE_ID=4d7e131998eb48b9aec0a80d06977b90
                MESSAGE=-- the logger module was reloaded; reading from its oldest record --
                _LOGGER_PREVIOUS_INSTANCE=5c0e1f2a3b4c5d6e7f8091a2b3c4d5e6
                _LOGGER_INSTANCE=0123456789abcdef0123456789abcdef""", entries.get(2));
        assertTrue(entries.get(3).contains("\n_LOGGER_INSTANCE=" + NEW_INSTANCE + "\n_LOGGER_SEQ=1\n"), entries.get(3));
    }

    @Test
    void aReloadWithLoadIdsUnknownHasNoneOfThem() throws Exception {
        String out = export(p -> {
            p.reload(new Reload(null, null, false));
            p.record(Records.of(1, SyslogLevel.INFO, "m"));
        });
        assertTrue(out.startsWith("""
                __REALTIME_TIMESTAMP=1795622662124456
                PRIORITY=5
                SYSLOG_IDENTIFIER=logger-reader
                MESSAGE_ID=4d7e131998eb48b9aec0a80d06977b90
                MESSAGE=-- the logger module was reloaded --

                __REALTIME_TIMESTAMP="""), out);
    }
}
