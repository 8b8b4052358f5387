package io.github.kernellogger.reader.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Golden output of every format, for the same records and the same loss. */
class PrintersTest {

    private static String print(OutputFormat format, boolean color) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordSink p = format.open(out, color, ZoneOffset.UTC);
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
    void jsonFormat() throws Exception {
        assertEquals(""
                + "{\"seq\":1,\"time\":\"2026-11-25T16:04:22.124456789Z\",\"ts_ns\":1795622662124456789,"
                + "\"level\":\"info\",\"level_num\":6,\"pid\":4242,\"tid\":4251,\"uid\":1000,\"gid\":1000,"
                + "\"comm\":\"KernelDevice\",\"message\":\"[main] app - started\"}\n"
                + "{\"type\":\"gap\",\"lost\":3,\"first_lost_seq\":2,\"last_lost_seq\":4}\n"
                + "{\"seq\":5,\"time\":\"2026-11-25T16:04:22.128456789Z\",\"ts_ns\":1795622662128456789,"
                + "\"level\":\"err\",\"level_num\":3,\"pid\":4242,\"tid\":4251,\"uid\":1000,\"gid\":1000,"
                + "\"comm\":\"KernelDevice\",\"message\":\"[worker-1] app - failed\\njava.lang.IllegalStateException: "
                + "\\\"quoted\\\" é\\n\\tat app.Main.run(Main.java:42)\"}\n"
                + "{\"type\":\"gap\",\"lost\":1,\"first_lost_seq\":6,\"last_lost_seq\":6}\n",
                print(OutputFormat.JSON, false));
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
