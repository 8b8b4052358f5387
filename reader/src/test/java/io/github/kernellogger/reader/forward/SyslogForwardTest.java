package io.github.kernellogger.reader.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import io.github.kernellogger.reader.forward.engines.Rsyslog;
import io.github.kernellogger.reader.forward.engines.SyslogMessage;
import io.github.kernellogger.reader.read.Gap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logger-reader forward} with {@code sink = syslog} into Debian's rsyslogd, plain and
 * TLS: every part of each message as rsyslog parsed it, and the cursor and progress after.
 */
class SyslogForwardTest {
    static final String LOAD = "5c0e21f4a3b24c6f8e1d9a7b6c5d4e3f";
    private static final String LONG_TAG = "com.acme.very.long.package.name.payments.PaymentServiceImpl";
    private static final String LONG_KEY = "request.attribute.with.a.rather.long.name";

    @TempDir
    Path dir;

    /** The configuration file {@code lines} make, in dir. */
    static Path config(Path dir, String... lines) throws IOException {
        Path c = dir.resolve("central.conf");
        Files.writeString(c, String.join("\n", lines) + "\n");
        return c;
    }

    static ForwarderProcess forward(Path dir, Path config, SavedLogFile log, String... more) {
        String[] args = new String[6 + more.length];
        args[0] = "--config";
        args[1] = config.toString();
        args[2] = "--cursor-file";
        args[3] = dir.resolve("cursor").toString();
        args[4] = "--file";
        args[5] = log.path().toString();
        System.arraycopy(more, 0, args, 6, more.length);
        return ForwarderProcess.start(dir.resolve("forward.err"), args);
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** RFC 3339 to the microsecond in the local zone, as the sink writes it and rsyslog keeps it. */
    static String rfc3339(Instant t) {
        return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX")
                .format(t.truncatedTo(ChronoUnit.MICROS).atZone(ZoneId.systemDefault()));
    }

    @Test
    void everyPartOfEachMessageAsRsyslogParsedItThenTheCursorAndTheProgress() throws IOException {
        SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        LogRecord started = Records.framed(1, SyslogLevel.INFO, "started", "TAG", "com.acme.Main", "THREAD", "main");
        LogRecord awkward = Records.framed(2, SyslogLevel.ERR, "say \"hi\" [x] \\ done", "TAG", LONG_TAG,
                "THREAD", "pool-1", "quote", "a \"b\" [c] \\d", LONG_KEY, "v", "THREAD", "pool-2");
        LogRecord plain = Records.of(5, SyslogLevel.WARNING, "python3", "disk 91% full".getBytes(StandardCharsets.UTF_8));
        LogRecord unicode = Records.framed(6, SyslogLevel.DEBUG, "Größe ✓", "TAG", "com.acme.Ünïcode tag");
        log.append(started, awkward);
        log.appendGap(new Gap(2, 3, 4), plain);
        log.append(unicode);

        try (Rsyslog rsyslog = Rsyslog.builder().start()) {
            Path config = config(dir, "sink = syslog", "syslog.host = 127.0.0.1", "syslog.port = " + rsyslog.port(),
                    "syslog.facility = local3", "hostname = test-host");
            ForwarderProcess f = forward(dir, config, log);
            List<SyslogMessage> got = rsyslog.awaitReceived(5);
            assertEquals(0, f.terminate(), f.err());

            assertEquals(5, got.size(), got.toString());
            SyslogMessage m = got.get(0);
            assertEquals(19 * 8 + 6, m.pri(), "local3.info");
            assertEquals("1", m.version(), "parsed as RFC 5424: " + m.rawMsg());
            assertEquals(rfc3339(started.sourceTimestamp().orElseThrow()), m.timestamp(), "the event's own time");
            assertEquals("test-host", m.hostname());
            assertEquals("com.acme.Main", m.appName());
            assertEquals("4242", m.procId());
            assertEquals("-", m.msgId());
            assertEquals("started", m.msg(), "no BOM");
            Map<String, String> stamped = new LinkedHashMap<>();
            stamped.put("instance", LOAD);
            stamped.put("seq", "1");
            stamped.put("tid", "4251");
            stamped.put("comm", "KernelDevice");
            stamped.put("uid", "1000");
            stamped.put("gid", "1000");
            stamped.put("cgroup_id", "5213");
            assertEquals(Map.of("kernelLogger@32473", stamped, "fields@32473", Map.of("TAG", "com.acme.Main", "THREAD", "main")),
                    m.sdElements());

            m = got.get(1);
            assertEquals(19 * 8 + 3, m.pri());
            assertEquals(LONG_TAG.substring(LONG_TAG.length() - 48), m.appName(), "the end of a long TAG: 48 at most");
            assertEquals("say \"hi\" [x] \\ done", m.msg());
            Map<String, String> fields = m.sdElements().get("fields@32473");
            assertEquals(LONG_TAG, fields.get("TAG"), "the whole TAG among the fields");
            assertEquals("a \"b\" [c] \\d", fields.get("quote"), "escaped as RFC 5424 says, and read back");
            assertEquals("pool-2", fields.get("THREAD"), "a repeated key is sent twice; rsyslog keeps the last");
            assertTrue(m.structuredData().contains("THREAD=\"pool-1\"") && m.structuredData().contains("THREAD=\"pool-2\""),
                    m.structuredData());
            String longKey = Rfc5424.paramName(LONG_KEY);
            assertEquals(32, longKey.length(), longKey);
            assertTrue(longKey.startsWith(LONG_KEY.substring(0, 23) + "~"), longKey);
            assertEquals("v", fields.get(longKey), "a key over 32 characters, mapped");

            m = got.get(2);
            assertEquals(19 * 8 + 4, m.pri(), "a loss is a warning");
            assertEquals("logger-reader", m.appName());
            assertEquals("gap", m.msgId());
            assertEquals("-- 2 records lost (seq 3..4, overwritten before they were read) --", m.msg());
            assertEquals(Map.of("instance", LOAD, "lost", "2", "first_lost_seq", "3", "last_lost_seq", "4"),
                    m.sdElements().get("kernelLogger@32473"));

            m = got.get(3);
            assertEquals(19 * 8 + 4, m.pri());
            assertEquals(rfc3339(plain.timestamp()), m.timestamp(), "no time of its own: the kernel's");
            assertEquals("python3", m.appName(), "no TAG: the comm");
            assertEquals("disk 91% full", m.msg());
            assertEquals(null, m.sdElements().get("fields@32473"), "no fields, no element");

            m = got.get(4);
            assertEquals("com.acme._n_code_tag", m.appName(), "PRINTUSASCII only");
            assertEquals("Größe ✓", m.msg());
            assertEquals("com.acme.Ünïcode tag", m.sdParam("fields@32473", "TAG"), "values are UTF-8");

            assertEquals("instance=" + LOAD + ";seq=6\n", read(dir.resolve("cursor")));
            String progress = read(dir.resolve("cursor.prom"));
            assertTrue(progress.contains("logger_forward_records_sent_total{forwarder=\"central\"} 4\n"), progress);
            assertTrue(progress.contains("logger_forward_gaps_total{forwarder=\"central\"} 1\n"), progress);
            assertTrue(progress.contains("logger_forward_records_lost_total{forwarder=\"central\"} 2\n"), progress);
            assertTrue(progress.contains("logger_forward_retries_total{forwarder=\"central\"} 0\n"), progress);
            assertTrue(progress.contains("logger_forward_sink_up{forwarder=\"central\"} 1\n"), progress);
            assertTrue(progress.contains("# TYPE logger_forward_records_sent_total counter\n"), progress);
            assertTrue(f.err().contains("logger-reader forward: -- 2 records lost (seq 3..4, overwritten before they were read) --"),
                    f.err());
        }
    }

    private List<SyslogMessage> forwardThreeOverTls(Rsyslog rsyslog, String... tlsLines) throws IOException {
        SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        log.append(Deliveries.records(1, 3));
        String[] lines = new String[4 + tlsLines.length];
        lines[0] = "sink = syslog";
        lines[1] = "syslog.host = localhost";
        lines[2] = "syslog.port = " + rsyslog.tlsPort();
        lines[3] = "syslog.tls = true";
        System.arraycopy(tlsLines, 0, lines, 4, tlsLines.length);
        ForwarderProcess f = forward(dir, config(dir, lines), log);
        List<SyslogMessage> got = rsyslog.awaitReceived(3);
        assertEquals(0, f.terminate(), f.err());
        assertEquals("instance=" + LOAD + ";seq=3\n", read(dir.resolve("cursor")));
        return got;
    }

    @Test
    void overTlsTheServerVerifiedByTheCaAndItsName() throws IOException {
        try (Rsyslog rsyslog = Rsyslog.builder().tls(Rsyslog.Tls.SERVER).start()) {
            List<SyslogMessage> got = forwardThreeOverTls(rsyslog, "syslog.tls.ca = " + rsyslog.certificates().caCertificate());
            assertEquals(List.of("tls", "tls", "tls"), got.stream().map(SyslogMessage::listener).toList());
            assertEquals(List.of("record 1", "record 2", "record 3"), got.stream().map(SyslogMessage::msg).toList());
            assertEquals("3", got.get(2).sdParam(Rfc5424.SD_ID, "seq"));
        }
    }

    @Test
    void overMutualTlsWithAClientCertificate() throws IOException {
        try (Rsyslog rsyslog = Rsyslog.builder().tls(Rsyslog.Tls.MUTUAL).start()) {
            List<SyslogMessage> got = forwardThreeOverTls(rsyslog, "syslog.tls.ca = " + rsyslog.certificates().caCertificate(),
                    "syslog.tls.cert = " + rsyslog.certificates().clientCertificate(),
                    "syslog.tls.key = " + rsyslog.certificates().clientKey());
            assertEquals(List.of("tls", "tls", "tls"), got.stream().map(SyslogMessage::listener).toList());
        }
    }

    @Test
    void aServerWhoseCertificateTheCaDidNotSignIsRefusedAndRetried() throws IOException {
        try (Rsyslog rsyslog = Rsyslog.builder().tls(Rsyslog.Tls.SERVER).start();
                Rsyslog other = Rsyslog.builder().tls(Rsyslog.Tls.SERVER).build()) {
            SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
            log.append(Deliveries.records(1, 3));
            ForwarderProcess f = forward(dir, config(dir, "sink = syslog", "syslog.host = 127.0.0.1",
                    "syslog.port = " + rsyslog.tlsPort(), "syslog.tls = true",
                    "syslog.tls.ca = " + other.certificates().caCertificate(), "retry.initial = 100ms", "retry.max = 200ms"), log);
            f.awaitErr("(TLS) failed: PKIX path validation failed");
            assertEquals(0, f.terminate(), f.err());
            assertEquals(List.of(), rsyslog.received());
            assertTrue(!Files.exists(dir.resolve("cursor")), "nothing accepted, no cursor");
        }
    }

    @Test
    void aMessageOverTheMaximumKeepsTheStartOfItsMsgAndAReloadIsToldFromLoggerReader() throws IOException {
        String other = "0123456789abcdef0123456789abcdef";
        SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        String longMessage = "é".repeat(400) + "END";
        log.append(Records.framed(1, SyslogLevel.INFO, longMessage, "TAG", "com.acme.Big"));
        new SavedLogFile(log.path(), other).append(Records.of(1, SyslogLevel.INFO, "after the reload"));
        try (Rsyslog rsyslog = Rsyslog.builder().start()) {
            ForwarderProcess f = forward(dir, config(dir, "sink = syslog", "syslog.host = 127.0.0.1",
                    "syslog.port = " + rsyslog.port(), "syslog.max.message.size = 600"), log);
            List<SyslogMessage> got = rsyslog.awaitReceived(3);
            assertEquals(0, f.terminate(), f.err());

            SyslogMessage big = got.get(0);
            assertEquals("1", big.version(), big.rawMsg());
            assertTrue(big.rawMsg().getBytes(StandardCharsets.UTF_8).length <= 600, big.rawMsg());
            assertEquals(Integer.toString(longMessage.getBytes(StandardCharsets.UTF_8).length),
                    big.sdParam(Rfc5424.SD_ID, "truncated"));
            assertTrue(longMessage.startsWith(big.msg()) && big.msg().length() > 100, "its start, whole characters: " + big.msg());
            assertEquals("com.acme.Big", big.sdParam(Rfc5424.FIELDS_SD_ID, "TAG"));

            SyslogMessage reload = got.get(1);
            assertEquals("logger-reader", reload.appName());
            assertEquals("reload", reload.msgId());
            assertEquals(1 * 8 + 5, reload.pri(), "user.notice");
            assertEquals("-- the logger module was reloaded --", reload.msg());
            assertEquals(Map.of("previous_instance", LOAD, "instance", other), reload.sdElements().get(Rfc5424.SD_ID));
            assertEquals(other, got.get(2).sdParam(Rfc5424.SD_ID, "instance"));
            assertEquals("instance=" + other + ";seq=1\n", read(dir.resolve("cursor")));
        }
    }
}
