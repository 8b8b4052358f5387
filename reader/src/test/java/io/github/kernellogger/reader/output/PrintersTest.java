package io.github.kernellogger.reader.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.RecordField;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import io.github.kernellogger.reader.read.Reload;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden output of every format, for the same records and the same loss. */
class PrintersTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    private static String print(OutputFormat format, boolean color) throws Exception {
        return print(format, color, UTC);
    }

    private static String print(OutputFormat format, boolean color, ZoneId zone) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordSink p = format.open(out, color, zone);
        p.record(Records.of(1, SyslogLevel.INFO, "[main] app - started"));
        p.gap(new Gap(3, 2, 4));
        p.record(Records.of(5, SyslogLevel.ERR,
                "[worker-1] app - failed\njava.lang.IllegalStateException: \"quoted\" é\n\tat app.Main.run(Main.java:42)"));
        p.gap(new Gap(1, 6, 6));
        p.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shortFormat() throws Exception {
        assertEquals(""
                + "Nov 25 16:04:22.124456 info    KernelDevice[4242/4251]: [main] app - started\n"
                + "-- 3 records lost (seq 2..4, overwritten before they were read) --\n"
                + "Nov 25 16:04:22.128456 err     KernelDevice[4242/4251]: [worker-1] app - failed\n"
                + "                                                        java.lang.IllegalStateException: \"quoted\" é\n"
                + "                                                        \tat app.Main.run(Main.java:42)\n"
                + "-- 1 record lost (seq 6, overwritten before they were read) --\n",
                print(OutputFormat.SHORT, false));
    }

    @Test
    void shortFormatInColorTintsEachLineByLevel() throws Exception {
        String out = print(OutputFormat.SHORT, true);
        assertEquals("Nov 25 16:04:22.124456 info    KernelDevice[4242/4251]: [main] app - started",
                out.lines().findFirst().orElseThrow(), "info stays plain, as in journalctl");
        assertEquals("Nov 25 16:04:22.128456 err     KernelDevice[4242/4251]: "
                + "\u001b[31m[worker-1] app - failed\u001b[0m", out.lines().skip(2).findFirst().orElseThrow());
    }

    @Test
    void shortIsoFormatShowsTheDateAndTheOffset() throws Exception {
        assertEquals(""
                + "2026-11-25T16:04:22.124456+00:00 info    KernelDevice[4242/4251]: [main] app - started\n"
                + "-- 3 records lost (seq 2..4, overwritten before they were read) --\n"
                + "2026-11-25T16:04:22.128456+00:00 err     KernelDevice[4242/4251]: [worker-1] app - failed\n"
                + "                                                                  java.lang.IllegalStateException: \"quoted\" é\n"
                + "                                                                  \tat app.Main.run(Main.java:42)\n"
                + "-- 1 record lost (seq 6, overwritten before they were read) --\n",
                print(OutputFormat.SHORT_ISO, false));
        assertTrue(print(OutputFormat.SHORT_ISO, false, ZoneId.of("Europe/Berlin"))
                .startsWith("2026-11-25T17:04:22.124456+01:00 info "));
        assertTrue(print(OutputFormat.SHORT, false, ZoneId.of("Europe/Berlin"))
                .startsWith("Nov 25 17:04:22.124456 info "), "short is in the zone given: local, or UTC with --utc");
    }

    @Test
    void verboseFormatShowsEveryFieldOnALineOfItsOwn() throws Exception {
        assertEquals(""
                + "Wed 2026-11-25 16:04:22.124456789 UTC [seq=1]\n"
                + "    _PID=4242\n"
                + "    _TID=4251\n"
                + "    _UID=1000\n"
                + "    _GID=1000\n"
                + "    _COMM=KernelDevice\n"
                + "    PRIORITY=6\n"
                + "    MESSAGE=[main] app - started\n"
                + "-- 3 records lost (seq 2..4, overwritten before they were read) --\n"
                + "Wed 2026-11-25 16:04:22.128456789 UTC [seq=5]\n"
                + "    _PID=4242\n"
                + "    _TID=4251\n"
                + "    _UID=1000\n"
                + "    _GID=1000\n"
                + "    _COMM=KernelDevice\n"
                + "    PRIORITY=3\n"
                + "    MESSAGE=[worker-1] app - failed\n"
                + "            java.lang.IllegalStateException: \"quoted\" é\n"
                + "            \tat app.Main.run(Main.java:42)\n"
                + "-- 1 record lost (seq 6, overwritten before they were read) --\n",
                print(OutputFormat.VERBOSE, false));
        assertTrue(print(OutputFormat.VERBOSE, false, ZoneId.of("Europe/Berlin"))
                .startsWith("Wed 2026-11-25 17:04:22.124456789 CET [seq=1]\n"));
    }

    @Test
    void verboseShowsControlBytesAndBytesThatAreNotUtf8AsEscapes() throws Exception {
        String out = printOne(OutputFormat.VERBOSE, hostile());
        assertTrue(out.contains("\n    _COMM=evil\\x1b[2J\n"), out);
        assertTrue(out.endsWith("\n    MESSAGE=" + HOSTILE_SHOWN + "é € 😀\ttab cut:\\xe2\\x82\n"), out);
    }

    @Test
    void jsonFormat() throws Exception {
        assertEquals(""
                + "{\"seq\":1,\"instance\":null,\"time\":\"2026-11-25T16:04:22.124456789Z\",\"ts_ns\":1795622662124456789,"
                + "\"src_time\":null,\"level\":\"info\",\"level_num\":6,\"pid\":4242,\"tid\":4251,\"uid\":1000,"
                + "\"gid\":1000,\"comm\":\"KernelDevice\",\"cgroup_id\":0,\"cgroup\":null,\"fields\":{},"
                + "\"message\":\"[main] app - started\"}\n"
                + "{\"type\":\"gap\",\"lost\":3,\"first_lost_seq\":2,\"last_lost_seq\":4}\n"
                + "{\"seq\":5,\"instance\":null,\"time\":\"2026-11-25T16:04:22.128456789Z\",\"ts_ns\":1795622662128456789,"
                + "\"src_time\":null,\"level\":\"err\",\"level_num\":3,\"pid\":4242,\"tid\":4251,\"uid\":1000,"
                + "\"gid\":1000,\"comm\":\"KernelDevice\",\"cgroup_id\":0,\"cgroup\":null,\"fields\":{},"
                + "\"message\":\"[worker-1] app - failed\\njava.lang.IllegalStateException: "
                + "\\\"quoted\\\" é\\n\\tat app.Main.run(Main.java:42)\"}\n"
                + "{\"type\":\"gap\",\"lost\":1,\"first_lost_seq\":6,\"last_lost_seq\":6}\n",
                print(OutputFormat.JSON, false));
    }

    private static final String LOAD = "5c0e21f4a3b24c6f8e1d9a7b6c5d4e3f";
    private static final String NEXT_LOAD = "0123456789abcdef0123456789abcdef";

    /** What the appender writes: fields, the event's own time, a cgroup; then a reload, then a plain write. */
    private static String printWithFields(OutputFormat format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordSink p = format.open(out, false, UTC);
        p.begin(LOAD);
        p.record(Records.framed(5, SyslogLevel.ERR, "payment failed\njava.lang.IllegalStateException: card declined",
                "SERVICE", "payments", "TAG", "com.acme.Payments", "THREAD", "main", "THREAD_ID", "1", "order", "4711"));
        p.record(Records.framed(6, SyslogLevel.INFO, "no thread field", "TAG", "com.acme.Jobs"));
        p.reload(new Reload(LOAD, NEXT_LOAD, true));
        p.record(Records.of(1, SyslogLevel.WARNING, "python3", "disk 91% full\n".getBytes(StandardCharsets.UTF_8)));
        p.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shortShowsTheEventsOwnTimeAndTagAndThreadWhereTheRecordHasThem() throws Exception {
        assertEquals(""
                + "Nov 25 16:04:22.128401 err     com.acme.Payments[4242/main]: payment failed\n"
                + "                                                             java.lang.IllegalStateException: card declined\n"
                + "Nov 25 16:04:22.129401 info    com.acme.Jobs[4242/4251]: no thread field\n"
                + "-- the logger module was reloaded; reading from its oldest record --\n"
                + "Nov 25 16:04:22.124456 warning python3[4242/4251]: disk 91% full\n",
                printWithFields(OutputFormat.SHORT));
        assertTrue(printWithFields(OutputFormat.SHORT_ISO).startsWith(
                "2026-11-25T16:04:22.128401+00:00 err     com.acme.Payments[4242/main]: payment failed\n"));
    }

    @Test
    void verboseShowsEveryFieldKernelStampedOnesFirstAndTheLoadInTheCursor() throws Exception {
        assertEquals(""
                + "Wed 2026-11-25 16:04:22.128456789 UTC [instance=" + LOAD + ";seq=5]\n"
                + "    _PID=4242\n"
                + "    _TID=4251\n"
                + "    _UID=1000\n"
                + "    _GID=1000\n"
                + "    _COMM=KernelDevice\n"
                + "    _CGROUP_ID=5213\n"
                + "    _SOURCE_REALTIME_TIMESTAMP=1795622662128401\n"
                + "    PRIORITY=3\n"
                + "    SERVICE=payments\n"
                + "    TAG=com.acme.Payments\n"
                + "    THREAD=main\n"
                + "    THREAD_ID=1\n"
                + "    order=4711\n"
                + "    MESSAGE=payment failed\n"
                + "            java.lang.IllegalStateException: card declined\n"
                + "Wed 2026-11-25 16:04:22.129456789 UTC [instance=" + LOAD + ";seq=6]\n"
                + "    _PID=4242\n"
                + "    _TID=4251\n"
                + "    _UID=1000\n"
                + "    _GID=1000\n"
                + "    _COMM=KernelDevice\n"
                + "    _CGROUP_ID=5213\n"
                + "    _SOURCE_REALTIME_TIMESTAMP=1795622662129401\n"
                + "    PRIORITY=6\n"
                + "    TAG=com.acme.Jobs\n"
                + "    MESSAGE=no thread field\n"
                + "-- the logger module was reloaded; reading from its oldest record --\n"
                + "Wed 2026-11-25 16:04:22.124456789 UTC [instance=" + NEXT_LOAD + ";seq=1]\n"
                + "    _PID=4242\n"
                + "    _TID=4251\n"
                + "    _UID=1000\n"
                + "    _GID=1000\n"
                + "    _COMM=python3\n"
                + "    PRIORITY=4\n"
                + "    MESSAGE=disk 91% full\n",
                printWithFields(OutputFormat.VERBOSE));
    }

    @Test
    void jsonHasTheEventsTimeTheCgroupAndTheFieldsAndAReloadObject() throws Exception {
        List<String> lines = printWithFields(OutputFormat.JSON).lines().toList();
        assertEquals("{\"seq\":5,\"instance\":\"" + LOAD + "\",\"time\":\"2026-11-25T16:04:22.128456789Z\",\"ts_ns\":1795622662128456789,"
                + "\"src_time\":\"2026-11-25T16:04:22.128401789Z\",\"level\":\"err\",\"level_num\":3,\"pid\":4242,"
                + "\"tid\":4251,\"uid\":1000,\"gid\":1000,\"comm\":\"KernelDevice\",\"cgroup_id\":5213,\"cgroup\":null,"
                + "\"fields\":{\"SERVICE\":\"payments\",\"TAG\":\"com.acme.Payments\",\"THREAD\":\"main\","
                + "\"THREAD_ID\":\"1\",\"order\":\"4711\"},"
                + "\"message\":\"payment failed\\njava.lang.IllegalStateException: card declined\"}", lines.get(0));
        assertTrue(lines.get(1).contains(",\"fields\":{\"TAG\":\"com.acme.Jobs\"},\"message\":\"no thread field\"}"),
                lines.get(1));
        assertEquals("{\"type\":\"reload\",\"previous_instance\":\"" + LOAD + "\",\"instance\":\"" + NEXT_LOAD
                + "\"}", lines.get(2));
        assertTrue(lines.get(3).startsWith("{\"seq\":1,\"instance\":\"" + NEXT_LOAD + "\",\"time\":"),
                "the records after a reload have the new load id: " + lines.get(3));
        assertTrue(lines.get(3).contains("\"src_time\":null,"), lines.get(3));
        assertTrue(lines.get(3).contains(",\"cgroup_id\":0,\"cgroup\":null,\"fields\":{},\"message\":\"disk 91% full\\n\"}"), lines.get(3));
    }

    @Test
    void rawShowsAReloadAsALine() throws Exception {
        assertEquals("payment failed\njava.lang.IllegalStateException: card declined\nno thread field\n"
                + "-- the logger module was reloaded; reading from its oldest record --\ndisk 91% full\n",
                printWithFields(OutputFormat.RAW));
    }

    /** A tag, a thread and field values are the writer's bytes: as hostile as its message. */
    private static LogRecord hostileFields() {
        return Records.framed(Records.of(9, SyslogLevel.ERR, "m"), List.of(
                new RecordField("TAG", HOSTILE), new RecordField("THREAD", Records.bytes("t\u001b]0;owned\u0007")),
                new RecordField("bytes", Records.bytes("caf\u00e9\n"))));
    }

    @Test
    void shortAndVerboseShowControlBytesAndBytesThatAreNotUtf8InFieldsAsEscapes() throws Exception {
        assertEquals("Nov 25 16:04:22.132401 err     " + HOSTILE_SHOWN + "[4242/t\\x1b]0;owned\\x07]: m\n",
                printOne(OutputFormat.SHORT, hostileFields()));
        String verbose = printOne(OutputFormat.VERBOSE, hostileFields());
        assertTrue(verbose.contains("\n    TAG=" + HOSTILE_SHOWN + "\n    THREAD=t\\x1b]0;owned\\x07\n    bytes=caf\\xe9\n"),
                verbose);
    }

    @Test
    void jsonGivesFieldValuesThatAreNotUtf8AsTheirByteValuesAndRepeatedKeysAsArrays() throws Exception {
        LogRecord r = Records.framed(Records.of(1, SyslogLevel.INFO, "m"), List.of(
                new RecordField("bytes", Records.bytes("caf\u00e9")), RecordField.of("k", "a"),
                RecordField.of("other", "x"), new RecordField("k", Records.bytes("\u00ff")), RecordField.of("k", "c")));
        String json = printOne(OutputFormat.JSON, r);
        assertTrue(json.contains(",\"fields\":{\"bytes\":[99,97,102,233],\"k\":[\"a\",[255],\"c\"],\"other\":\"x\"},"),
                json);
        LogRecord comm = new LogRecord(1, 1, SyslogLevel.INFO, 1, 1, 0, 0, Records.bytes("w\u00ff"), new byte[0],
                0, 0, 0, List.of());
        assertTrue(printOne(OutputFormat.JSON, comm).contains(",\"comm\":[119,255],"), "the comm's bytes as they are");
        assertTrue(printOne(OutputFormat.SHORT, comm).contains(" w\\xff[1/1]: "), "the comm's bytes, escaped");
    }

    /** One record, alone, in a format. */
    private static String printOne(OutputFormat format, LogRecord r) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordSink p = format.open(out, false, UTC);
        p.record(r);
        p.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Terminal control bytes (C0 but tab, DEL, C1) and bytes that are not UTF-8 (a stray 0xff,
     * an overlong '/', an encoded surrogate, a sequence cut short at the end) as they are written,
     * and valid UTF-8 of 2, 3 and 4 bytes.
     */
    private static final byte[] HOSTILE = Records.bytes("esc:\u001b[31mRED nul:\u0000 cr:\r bel:\u0007 "
            + "del:\u007f c1:\u00c2\u009b ff:\u00ff overlong:\u00c0\u00af surrogate:\u00ed\u00a0\u0080 ");
    private static final String HOSTILE_SHOWN = "esc:\\x1b[31mRED nul:\\x00 cr:\\x0d bel:\\x07 "
            + "del:\\x7f c1:\\xc2\\x9b ff:\\xff overlong:\\xc0\\xaf surrogate:\\xed\\xa0\\x80 ";

    private static LogRecord hostile() {
        byte[] valid = "é € 😀\ttab cut:".getBytes(StandardCharsets.UTF_8);
        byte[] cut = Records.bytes("\u00e2\u0082");
        byte[] payload = new byte[HOSTILE.length + valid.length + cut.length];
        System.arraycopy(HOSTILE, 0, payload, 0, HOSTILE.length);
        System.arraycopy(valid, 0, payload, HOSTILE.length, valid.length);
        System.arraycopy(cut, 0, payload, HOSTILE.length + valid.length, cut.length);
        return Records.of(7, SyslogLevel.WARNING, "evil\u001b[2J", payload);
    }

    @Test
    void shortShowsControlBytesAndBytesThatAreNotUtf8AsEscapes() throws Exception {
        assertEquals("Nov 25 16:04:22.130456 warning evil\\x1b[2J[4242/4251]: " + HOSTILE_SHOWN
                + "é € 😀\ttab cut:\\xe2\\x82\n", printOne(OutputFormat.SHORT, hostile()));
    }

    @Test
    void oneTrailingNewlineOfAMessageIsDropped() throws Exception {
        assertEquals("Nov 25 16:04:22.124456 info    KernelDevice[4242/4251]: disk full\n",
                printOne(OutputFormat.SHORT, Records.of(1, SyslogLevel.INFO, "disk full\n")));
        assertEquals("disk full\n", printOne(OutputFormat.RAW, Records.of(1, SyslogLevel.INFO, "disk full\n")));
        // Only one: a second is an empty line of the message, shown without trailing blanks.
        assertEquals("Nov 25 16:04:22.124456 info    KernelDevice[4242/4251]: two\n\n",
                printOne(OutputFormat.SHORT, Records.of(1, SyslogLevel.INFO, "two\n\n")));
        assertEquals("Nov 25 16:04:22.124456 info    KernelDevice[4242/4251]: a\n\n"
                + "                                                        b\n",
                printOne(OutputFormat.SHORT, Records.of(1, SyslogLevel.INFO, "a\n\nb")));
    }

    @Test
    void jsonGivesAMessageThatIsNotUtf8AsItsByteValues() throws Exception {
        String json = printOne(OutputFormat.JSON, Records.of(1, SyslogLevel.INFO, "KernelDevice",
                Records.bytes("ok\u00ff\n")));
        assertTrue(json.endsWith(",\"message\":[111,107,255,10]}\n"), json);
        // Valid UTF-8 stays a string, control characters escaped as JSON escapes them.
        String valid = printOne(OutputFormat.JSON, Records.of(1, SyslogLevel.INFO, "é\u001b\u009b\n"));
        assertTrue(valid.endsWith(",\"message\":\"é\\u001B\u009b\\n\"}\n"), valid);
    }

    @Test
    void rawFormat() throws Exception {
        assertEquals(""
                + "[main] app - started\n"
                + "-- 3 records lost (seq 2..4, overwritten before they were read) --\n"
                + "[worker-1] app - failed\njava.lang.IllegalStateException: \"quoted\" é\n"
                + "\tat app.Main.run(Main.java:42)\n"
                + "-- 1 record lost (seq 6, overwritten before they were read) --\n",
                print(OutputFormat.RAW, false));
    }
}
