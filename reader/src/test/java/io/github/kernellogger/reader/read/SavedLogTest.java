package io.github.kernellogger.reader.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.kernellogger.device.BinaryRecords;
import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.LoggerAbi;
import io.github.kernellogger.device.RecordField;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import io.github.kernellogger.reader.output.OutputFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log saved with -o binary reads back, with --file, as exactly what was saved: every record
 * with its fields and bytes, and the losses and reloads where they were.
 */
class SavedLogTest {
    private static final String LOAD = "5c0e21f4a3b24c6f8e1d9a7b6c5d4e3f";
    private static final String NEXT_LOAD = "0123456789abcdef0123456789abcdef";

    /** What a sink was given, in order: "begin X", records, gaps, reloads. */
    static final class Events implements RecordSink {
        final List<Object> got = new ArrayList<>();

        @Override
        public void begin(String instance) {
            got.add("begin " + instance);
        }

        @Override
        public void record(LogRecord r) {
            got.add(r);
        }

        @Override
        public void gap(Gap g) {
            got.add(g);
        }

        @Override
        public void reload(Reload r) {
            got.add(r);
        }

        @Override
        public void flush() {
            // nothing buffered
        }
    }

    /** The events of a saved log worth keeping: every kind, fields, odd bytes, a record beyond 64 KiB. */
    private static List<Object> events() {
        List<Object> e = new ArrayList<>();
        e.add("begin " + LOAD);
        e.add(Records.framed(5, SyslogLevel.ERR, "payment failed\njava.lang.IllegalStateException: card declined",
                "TAG", "com.acme.Payments", "THREAD", "main", "order", "4711"));
        e.add(new Gap(3, 6, 8));
        e.add(Records.framed(Records.of(9, SyslogLevel.WARNING, "m"), List.of(
                new RecordField("bytes", Records.bytes("caf\u00e9\u001b")), RecordField.of("TAG", "x"), RecordField.of("TAG", "y"))));
        e.add(new LogRecord(10, Records.BASE_NS, SyslogLevel.INFO, 1, 2, 4294967294L, 3, Records.bytes("w\u00ff"),
                Records.bytes("\u0000\u00ff\n"), 0, 0, 0, List.of()));
        e.add(new Reload(LOAD, NEXT_LOAD, true));
        e.add(Records.of(1, SyslogLevel.DEBUG, "python3", "x".repeat(70_000).getBytes(StandardCharsets.US_ASCII)));
        e.add(Records.of(2, SyslogLevel.EMERG, ""));
        return e;
    }

    private static byte[] save(List<Object> events) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordSink binary = OutputFormat.BINARY.open(out, false, ZoneOffset.UTC);
        for (Object e : events) {
            if (e instanceof String begin) {
                binary.begin(begin.substring("begin ".length()));
            } else {
                RecordSink.replay(e, binary);
            }
        }
        binary.flush();
        return out.toByteArray();
    }

    private static List<Object> read(Input input, Start start) throws IOException {
        Events sink = new Events();
        new ReadLoop(new ReadPlan(input, ReadPlan.Mode.DUMP, null, start, null, RecordFilter.none(), false), sink).run();
        return sink.got;
    }

    private static List<Object> read(InputStream in) throws IOException {
        return read(new Input.SavedStream("standard input", in), new Start.Oldest());
    }

    @Test
    void whatWasSavedReadsBackExactly(@TempDir Path dir) throws IOException {
        byte[] saved = save(events());
        assertEquals(events(), read(new ByteArrayInputStream(saved)));
        Files.write(dir.resolve("saved.log"), saved);
        assertEquals(events(), read(new Input.SavedFile(dir.resolve("saved.log")), new Start.Oldest()));
    }

    /** A pipe hands over what it has: any number of bytes at a time, cut anywhere. */
    @Test
    void aStreamThatComesInPiecesReadsTheSame() throws IOException {
        byte[] saved = save(events());
        Random random = new Random(3);
        InputStream trickle = new ByteArrayInputStream(saved) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(13)));
            }
        };
        assertEquals(events(), read(trickle));
    }

    @Test
    void theLastRecordsAreTheLastKRecordsAndWhatCameBetweenThemTheStartFirst() throws IOException {
        byte[] saved = save(events());
        Input in = new Input.SavedStream("standard input", new ByteArrayInputStream(saved));
        List<Object> all = events();
        List<Object> last3 = new ArrayList<>(List.of(all.get(0)));
        last3.addAll(all.subList(4, all.size()));
        assertEquals(last3, read(in, new Start.Last(3)));
        assertEquals(List.of("begin " + NEXT_LOAD), read(new Input.SavedStream("-", new ByteArrayInputStream(saved)),
                new Start.Last(0)), "nothing of the window but where it is: the last load");
    }

    @Test
    void runsAppendedToOneFileShowAReloadWhereTheirLoadIdsDiffer() throws IOException {
        LogRecord a = Records.of(7, SyslogLevel.INFO, "a");
        LogRecord b = Records.of(8, SyslogLevel.INFO, "b");
        LogRecord c = Records.of(1, SyslogLevel.INFO, "c");
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(save(List.of("begin " + LOAD, a)));
        file.write(save(List.of("begin " + LOAD, b)));
        file.write(save(List.of("begin " + NEXT_LOAD, c)));
        assertEquals(List.of("begin " + LOAD, a, b, new Reload(LOAD, NEXT_LOAD, false), c),
                read(new ByteArrayInputStream(file.toByteArray())));
    }

    @Test
    void aLogSavedOnAMachineOfTheOtherByteOrderReadsTheSame() throws IOException {
        ByteOrder other = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        List<Object> e = events();
        ByteBuffer foreign = ByteBuffer.allocate(200_000).order(other);
        SavedLog.put(foreign, new SavedLog.Header(LOAD, false, null, null));
        BinaryRecords.encode((LogRecord) e.get(1), foreign);
        SavedLog.put(foreign, new SavedLog.Header(LOAD, false, null, (Gap) e.get(2)));
        BinaryRecords.encode((LogRecord) e.get(3), foreign);
        foreign.flip();
        assertEquals(e.subList(0, 4), read(new ByteArrayInputStream(foreign.array(), 0, foreign.limit())));
    }

    @Test
    void nothingIsAnEmptyLog() throws IOException {
        assertEquals(List.of(), read(InputStream.nullInputStream()));
    }

    @Test
    void bytesThatAreNoSavedLogAreAnErrorThatSaysWhereAndWhat(@TempDir Path dir) throws IOException {
        IOException text = assertThrows(IOException.class, () -> read(new ByteArrayInputStream(
                "Nov 25 16:04:22.124456 info    KernelDevice[4242/4251]: started\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals("standard input is not a log saved by logger-reader -o binary: it does not start with the "
                + "header of one", text.getMessage());
        assertEquals(text.getMessage(), assertThrows(IOException.class,
                () -> read(new ByteArrayInputStream(new byte[] {1, 2, 3}))).getMessage(), "too short even for a header");

        byte[] saved = save(events());
        byte[] cut = Arrays.copyOf(saved, saved.length - 5);
        Events sink = new Events();
        IOException e = assertThrows(IOException.class, () -> new ReadLoop(new ReadPlan(
                new Input.SavedStream("standard input", new ByteArrayInputStream(cut)), ReadPlan.Mode.DUMP, null,
                new Start.Oldest(), null, RecordFilter.none(), false), sink).run());
        List<Integer> records = recordsAt(saved);
        int lastRecordAt = records.get(records.size() - 1);
        assertEquals("standard input is cut short at byte " + lastRecordAt + ": " + (cut.length - lastRecordAt)
                + " bytes of an entry, not a whole one (every record before was read)", e.getMessage());
        assertEquals(events().subList(0, 7), sink.got, "every record before was delivered");

        byte[] damaged = saved.clone();
        int secondRecordAt = recordsAt(saved).get(1);
        // The second record: 30 bytes of fields and a message "m".
        ByteBuffer.wrap(damaged).order(ByteOrder.nativeOrder()).putShort(secondRecordAt, (short) 3);
        assertEquals("standard input is damaged at byte " + secondRecordAt + ": neither a header nor a record "
                + "(hdr_size 3, len 31) (every record "
                + "before was read)", assertThrows(IOException.class,
                        () -> read(new ByteArrayInputStream(damaged))).getMessage());

        assertEquals("cannot read " + dir + ": it is a folder", assertThrows(IOException.class,
                () -> read(new Input.SavedFile(dir), new Start.Oldest())).getMessage());
        assertEquals("cannot read " + dir.resolve("missing") + ": it does not exist", assertThrows(IOException.class,
                () -> read(new Input.SavedFile(dir.resolve("missing")), new Start.Oldest())).getMessage());
    }

    /** A value no record of the device can have is damage, said at its byte; what came before is read. */
    @Test
    void aValueOutOfRangeIsDamageAtItsByte() throws IOException {
        byte[] saved = save(events());
        List<Integer> records = recordsAt(saved);
        int first = records.get(0); // seq 5, with three fields
        int second = records.get(1);
        int fields = first + LoggerAbi.ENTRY_V2_SIZE;
        assertDamage(saved, first + LoggerAbi.ENTRY_LEVEL_OFFSET, b -> b.put(first + LoggerAbi.ENTRY_LEVEL_OFFSET, (byte) 9),
                "level 9 is not a syslog level (0..7)", 1);
        assertDamage(saved, second + LoggerAbi.ENTRY_LEVEL_OFFSET, b -> b.put(second + LoggerAbi.ENTRY_LEVEL_OFFSET, (byte) 0x87),
                "level 135 is not a syslog level (0..7)", 3);
        assertDamage(saved, first + LoggerAbi.ENTRY_FLAGS_OFFSET, b -> b.put(first + LoggerAbi.ENTRY_FLAGS_OFFSET, (byte) 0x81),
                "flags 0x81 has bits no record has (0x80: only framed, 0x01, is defined)", 1);
        assertDamage(saved, first + LoggerAbi.ENTRY_SEQ_OFFSET, b -> b.putLong(first + LoggerAbi.ENTRY_SEQ_OFFSET, 0),
                "seq 0 is no record's (seqs start at 1)", 1);
        assertDamage(saved, first, b -> b.putShort(first, (short) 64),
                "hdr_size 64 is neither version 1's 56 nor version 2's 80 or a later multiple of 8", 1);
        int len = ByteBuffer.wrap(saved).order(ByteOrder.nativeOrder()).getInt(first + LoggerAbi.ENTRY_LEN_OFFSET);
        assertDamage(saved, first + LoggerAbi.ENTRY_V2_FIELDS_LEN_OFFSET,
                b -> b.putInt(first + LoggerAbi.ENTRY_V2_FIELDS_LEN_OFFSET, len + 1),
                "fields_len " + (len + 1) + " is more than the record's len " + len, 1);
        assertDamage(saved, fields + LoggerAbi.FIELD_KEY_LEN_OFFSET, b -> b.putShort(fields, (short) 0),
                "a field's key_len 0 is not 1..64", 1);
        assertDamage(saved, fields + LoggerAbi.FIELD_VALUE_LEN_OFFSET, b -> b.putShort(fields + 2, (short) 60000),
                "a field of key_len 3 and value_len 60000 runs past the end of the fields (fields_len 51)", 1);
        assertDamage(saved, fields + LoggerAbi.FIELD_SIZE, b -> b.put(fields + LoggerAbi.FIELD_SIZE, (byte) '_'),
                "a field's key has the byte 0x5f, which no key may have first", 1);
        assertDamage(saved, fields + LoggerAbi.FIELD_SIZE + 1, b -> b.put(fields + LoggerAbi.FIELD_SIZE + 1, (byte) ' '),
                "a field's key has the byte 0x20, which no key may have (A-Z a-z 0-9 _ . -)", 1);
    }

    /** Where each record of a saved log starts, its headers passed over. */
    static List<Integer> recordsAt(byte[] saved) {
        ByteBuffer b = ByteBuffer.wrap(saved).order(ByteOrder.nativeOrder());
        List<Integer> at = new ArrayList<>();
        int i = 0;
        while (i < saved.length) {
            if (SavedLog.isHeader(b, i)) {
                i += Short.toUnsignedInt(b.getShort(i + 12));
            } else {
                at.add(i);
                i += LoggerAbi.entrySpan(Short.toUnsignedInt(b.getShort(i)), b.getInt(i + LoggerAbi.ENTRY_LEN_OFFSET));
            }
        }
        return at;
    }

    /**
     * Changes a copy of {@code saved} with {@code damage} and reads it: it must fail at byte
     * {@code at} with {@code what}, having delivered the events before the damaged record.
     */
    private static void assertDamage(byte[] saved, int at, java.util.function.Consumer<ByteBuffer> damage, String what,
            int eventsBefore) {
        byte[] damaged = saved.clone();
        damage.accept(ByteBuffer.wrap(damaged).order(ByteOrder.nativeOrder()));
        Events sink = new Events();
        IOException e = assertThrows(IOException.class, () -> new ReadLoop(new ReadPlan(
                new Input.SavedStream("standard input", new ByteArrayInputStream(damaged)), ReadPlan.Mode.DUMP, null,
                new Start.Oldest(), null, RecordFilter.none(), false), sink).run());
        assertEquals("standard input is damaged at byte " + at + ": " + what + " (every record before was read)",
                e.getMessage());
        assertEquals(events().subList(0, eventsBefore), sink.got, "what came before was delivered");
    }
}
