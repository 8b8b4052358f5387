package io.github.kernellogger.reader.forward;

import static io.github.kernellogger.reader.forward.SyslogForwardTest.forward;
import static io.github.kernellogger.reader.forward.SyslogForwardTest.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.reader.forward.engines.Rsyslog;
import io.github.kernellogger.reader.forward.engines.SyslogMessage;
import io.github.kernellogger.reader.read.Cursor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sink = relp} into Debian's rsyslogd with imrelp (rsyslog-relp): every record
 * acknowledged and the cursor past exactly what was; rsyslog killed and started again in the
 * middle of a run, nothing lost and only the unacknowledged window sent twice; a server that does
 * not speak RELP refused, the cursor kept.
 */
class RelpForwardTest {
    private static final String LOAD = SyslogForwardTest.LOAD;
    private static final int WINDOW = 256;

    @TempDir
    Path dir;

    private Path config(Rsyslog rsyslog, String... more) throws IOException {
        String[] lines = new String[7 + more.length];
        System.arraycopy(new String[] {"sink = relp", "relp.host = 127.0.0.1", "relp.port = " + rsyslog.relpPort(),
            "relp.window = " + WINDOW, "retry.initial = 100ms", "retry.max = 400ms", "metrics.interval = 200ms"}, 0,
                lines, 0, 7);
        System.arraycopy(more, 0, lines, 7, more.length);
        return SyslogForwardTest.config(dir, lines);
    }

    @Test
    void everyRecordAcknowledgedAndTheCursorPastExactlyThose() throws IOException {
        SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        log.append(Deliveries.records(1, 5000));
        try (Rsyslog rsyslog = Rsyslog.builder().relp(true).start()) {
            ForwarderProcess f = forward(dir, config(rsyslog, "hostname = relp-host"), log);
            List<Long> seqs = Deliveries.awaitAll(rsyslog, LOAD, 5000);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1))
                    .until(() -> Files.exists(dir.resolve("cursor"))
                            && read(dir.resolve("cursor")).equals("instance=" + LOAD + ";seq=5000\n"));
            assertEquals(0, f.terminate(), f.err());

            assertEquals(5000, seqs.size(), "each once");
            assertEquals(List.of(), Deliveries.assertWholeWithOneResend(seqs, 5000));
            SyslogMessage m = rsyslog.received().get(0);
            assertEquals("relp", m.listener());
            assertEquals("1", m.version(), m.rawMsg());
            assertEquals("relp-host", m.hostname());
            assertEquals("com.acme.Load", m.appName());
            assertEquals("record 1", m.msg());
            assertEquals(Map.of("TAG", "com.acme.Load", "THREAD", "worker-1"), m.sdElements().get(Rfc5424.FIELDS_SD_ID));
            assertTrue(f.err().contains("forwarding to relp at 127.0.0.1:" + rsyslog.relpPort() + " (TCP)"), f.err());
            String progress = read(dir.resolve("cursor.prom"));
            assertTrue(progress.contains("logger_forward_records_sent_total{forwarder=\"central\"} 5000\n"), progress);
            assertTrue(progress.contains("logger_forward_retries_total{forwarder=\"central\"} 0\n"), progress);
        }
    }

    @Test
    void rsyslogKilledAndStartedAgainMidRunLosesNothingAndResendsOnlyTheUnacknowledgedWindow() throws IOException {
        SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        try (Rsyslog rsyslog = Rsyslog.builder().relp(true).start()) {
            log.append(Deliveries.records(1, 30_000));
            ForwarderProcess f = forward(dir, config(rsyslog), log);
            Deliveries.awaitAtLeast(rsyslog, 3000);
            rsyslog.kill();
            long had = Deliveries.seqs(rsyslog, LOAD).size();
            log.append(Deliveries.records(30_001, 40_000));
            f.awaitErr("(TCP) failed: ");
            Cursor kept = Cursor.parse(read(dir.resolve("cursor")));
            rsyslog.start();
            List<Long> seqs = Deliveries.awaitAll(rsyslog, LOAD, 40_000);
            f.awaitErr("(TCP) is back after ");
            assertEquals(0, f.terminate(), f.err());

            List<Long> resent = Deliveries.assertWholeWithOneResend(seqs, 40_000);
            assertTrue(resent.size() <= WINDOW, "only what was sent and not acknowledged, at most the window of "
                    + WINDOW + ": " + resent.size());
            assertTrue(resent.isEmpty() || resent.get(0) > kept.seq(), "after the cursor kept at the break: " + kept);
            assertTrue(resent.isEmpty() || resent.get(resent.size() - 1) == had,
                    "up to the last record rsyslog had when it was killed (" + had + "): " + resent);
            assertEquals(40_000 + resent.size(), seqs.size());
            assertEquals("instance=" + LOAD + ";seq=40000\n", read(dir.resolve("cursor")));
            assertEquals(1, f.err().split("failed: ", -1).length - 1, f.err());
        }
    }

    @Test
    void aServerThatDoesNotSpeakRelpIsRefusedAndTheCursorKept() throws IOException {
        SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        log.append(Deliveries.records(1, 3));
        try (Rsyslog rsyslog = Rsyslog.builder().start()) {
            ForwarderProcess f = forward(dir, SyslogForwardTest.config(dir, "sink = relp", "relp.host = 127.0.0.1",
                    "relp.port = " + rsyslog.port(), "relp.timeout = 1s", "retry.initial = 100ms", "retry.max = 200ms"),
                    log);
            f.awaitErr("relp at 127.0.0.1:" + rsyslog.port() + " (TCP) failed: no answer to RELP's open within 1000 ms: "
                    + "is it a RELP server (rsyslog's imrelp)?");
            assertEquals(0, f.terminate(), f.err());
            assertTrue(!Files.exists(dir.resolve("cursor")), "nothing accepted, no cursor");
            assertTrue(!f.err().contains("is back"), f.err());
        }
    }
}
