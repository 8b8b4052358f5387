package io.github.kernellogger.reader.forward;

import static io.github.kernellogger.reader.forward.SyslogForwardTest.forward;
import static io.github.kernellogger.reader.forward.SyslogForwardTest.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.reader.forward.engines.Rsyslog;
import io.github.kernellogger.reader.forward.engines.SyslogMessage;
import io.github.kernellogger.reader.read.Cursor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarder against the faults the issue names, with Debian's rsyslogd as the server: down at
 * start; killed (SIGKILL) and started again in the middle of a run; the forwarder itself killed
 * and started again. Nothing is lost and nothing skipped; duplicates, told by load id and seq,
 * only of the records in flight at the break. The saved log grows while the forwarder follows it,
 * so that each fault strikes while there is more to send.
 */
class SyslogFaultsTest {
    private static final String LOAD = SyslogForwardTest.LOAD;

    @TempDir
    Path dir;

    private Path config(Rsyslog rsyslog) throws IOException {
        return SyslogForwardTest.config(dir, "sink = syslog", "syslog.host = 127.0.0.1", "syslog.port = " + rsyslog.port(),
                "retry.initial = 100ms", "retry.max = 400ms", "metrics.interval = 200ms");
    }

    @Test
    void downAtStartTheForwarderWaitsThenDeliversEverythingOnce() throws IOException {
        SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        log.append(Deliveries.records(1, 3000));
        try (Rsyslog rsyslog = Rsyslog.builder().build()) {
            ForwarderProcess f = forward(dir, config(rsyslog), log);
            f.awaitErr("syslog at 127.0.0.1:" + rsyslog.port() + " (TCP) failed: Connection refused");
            f.awaitErr("keeping the cursor and retrying, 100ms after the first failure, doubling up to 400ms");
            awaitProgress("logger_forward_sink_up{forwarder=\"central\"} 0\n");
            rsyslog.start();
            List<Long> seqs = Deliveries.awaitAll(rsyslog, LOAD, 3000);
            f.awaitErr("(TCP) is back after ");
            assertEquals(0, f.terminate(), f.err());

            assertEquals(List.of(), Deliveries.assertWholeWithOneResend(seqs, 3000), "nothing was sent before");
            assertEquals(3000, seqs.size());
            assertEquals("instance=" + LOAD + ";seq=3000\n", read(dir.resolve("cursor")));
            assertEquals(1, count(f.err(), "failed: "), "one line when it went down, not one per attempt:\n" + f.err());
            SyslogMessage first = rsyslog.received().get(0);
            assertEquals(Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).trim(),
                    first.hostname(), "the host's own name");
            String progress = read(dir.resolve("cursor.prom"));
            assertTrue(progress.contains("logger_forward_sink_up{forwarder=\"central\"} 1\n"), progress);
            assertTrue(!progress.contains("logger_forward_retries_total{forwarder=\"central\"} 0\n"), progress);
            assertTrue(progress.contains("logger_forward_records_sent_total{forwarder=\"central\"} 3000\n"), progress);
        }
    }

    @Test
    void rsyslogKilledAndStartedAgainMidRunLosesNothingAndSkipsNothing() throws IOException {
        SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        try (Rsyslog rsyslog = Rsyslog.builder().start()) {
            log.append(Deliveries.records(1, 30_000));
            ForwarderProcess f = forward(dir, config(rsyslog), log);
            Deliveries.awaitAtLeast(rsyslog, 3000);
            rsyslog.kill();
            log.append(Deliveries.records(30_001, 40_000));
            f.awaitErr("(TCP) failed: ");
            Cursor kept = Cursor.parse(read(dir.resolve("cursor")));
            rsyslog.start();
            List<Long> seqs = Deliveries.awaitAll(rsyslog, LOAD, 40_000);
            assertEquals(0, f.terminate(), f.err());

            List<Long> resent = Deliveries.assertWholeWithOneResend(seqs, 40_000);
            assertTrue(resent.isEmpty() || resent.get(0) > kept.seq(),
                    () -> "only records after the cursor kept at the break are sent twice: " + kept + ", " + resent);
            assertEquals(40_000 + resent.size(), seqs.size());
            assertEquals("instance=" + LOAD + ";seq=40000\n", read(dir.resolve("cursor")));
            assertEquals(1, count(f.err(), "failed: "), f.err());
        }
    }

    @Test
    void theForwarderKilledAndStartedAgainSkipsNothingAndResendsOnlyWhatWasInFlight() throws IOException {
        SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        try (Rsyslog rsyslog = Rsyslog.builder().start()) {
            Path config = config(rsyslog);
            log.append(Deliveries.records(1, 30_000));
            ForwarderProcess f = forward(dir, config, log);
            Deliveries.awaitAtLeast(rsyslog, 3000);
            f.kill();
            long received = rsyslog.received().size();
            Cursor kept = Files.exists(dir.resolve("cursor")) ? Cursor.parse(read(dir.resolve("cursor"))) : new Cursor(0, LOAD);
            assertTrue(kept.seq() <= received, "the cursor never runs ahead of what was received: " + kept + ", " + received);
            log.append(Deliveries.records(30_001, 40_000));

            ForwarderProcess again = forward(dir, config, log);
            List<Long> seqs = Deliveries.awaitAll(rsyslog, LOAD, 40_000);
            assertEquals(0, again.terminate(), again.err());

            List<Long> resent = Deliveries.assertWholeWithOneResend(seqs, 40_000);
            assertTrue(resent.isEmpty() || resent.get(0) == kept.seq() + 1,
                    "the second run starts right after the cursor: " + kept + ", " + resent);
            assertEquals("instance=" + LOAD + ";seq=40000\n", read(dir.resolve("cursor")));
        }
    }

    @Test
    void anOutageOnAnIdleInputIsRetriedOnItsBackoffAndARecordOfTheOutageArrivesOnceTheServerIsBack()
            throws IOException {
        SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        log.append(Deliveries.records(1, 10));
        try (Rsyslog rsyslog = Rsyslog.builder().start()) {
            ForwarderProcess f = forward(dir, config(rsyslog), log);
            Deliveries.awaitAll(rsyslog, LOAD, 10);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1))
                    .until(() -> Files.exists(dir.resolve("cursor"))
                            && read(dir.resolve("cursor")).equals("instance=" + LOAD + ";seq=10\n"));
            rsyslog.kill();
            log.append(Deliveries.records(11, 11)); // logged during the outage, and then nothing more
            f.awaitErr("(TCP) failed: ");
            // The break, and at least one attempt that failed.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1)).until(() -> retries() >= 2);
            rsyslog.start();
            // No record is appended from here on: the forwarder must come back by itself.
            List<Long> seqs = Deliveries.awaitAll(rsyslog, LOAD, 11);
            f.awaitErr("(TCP) is back after ");
            awaitProgress("logger_forward_sink_up{forwarder=\"central\"} 1\n");
            assertEquals(0, f.terminate(), f.err());

            assertEquals(List.of(), Deliveries.assertWholeWithOneResend(seqs, 11), "11 was never accepted before");
            assertEquals("instance=" + LOAD + ";seq=11\n", read(dir.resolve("cursor")));
            assertEquals(1, count(f.err(), "failed: "), "one line when it went down:\n" + f.err());
            java.util.regex.Matcher back = java.util.regex.Pattern
                    .compile("is back after (\\d+) failed attempts? to reach it").matcher(f.err());
            assertTrue(back.find(), f.err());
            long attempts = Long.parseLong(back.group(1));
            assertTrue(attempts >= 1, "the server was down for at least one attempt: " + f.err());
            String progress = read(dir.resolve("cursor.prom"));
            assertTrue(progress.contains("logger_forward_retries_total{forwarder=\"central\"} " + (attempts + 1) + "\n"),
                    "the break and each failed attempt, once each (" + attempts + " attempts said):\n" + progress
                            + f.err());
            assertTrue(progress.contains("logger_forward_records_sent_total{forwarder=\"central\"} 11\n")
                    || progress.contains("logger_forward_records_sent_total{forwarder=\"central\"} 12\n"),
                    "10, and 11 once or twice (sent once into the dead connection): " + progress);
        }
    }

    @Test
    void sigtermDuringAnOutageEndsCleanlyWithoutATrace() throws IOException {
        SavedLogFile log = new SavedLogFile(dir.resolve("saved.log"), LOAD);
        log.append(Deliveries.records(1, 5));
        try (Rsyslog rsyslog = Rsyslog.builder().build()) {
            for (int run = 0; run < 3; run++) {
                ForwarderProcess f = forward(dir, config(rsyslog), log);
                f.awaitErr("(TCP) failed: Connection refused");
                awaitProgress("logger_forward_sink_up{forwarder=\"central\"} 0\n");
                assertEquals(0, f.terminate(), f.err());
                assertTrue(f.err().endsWith("logger-reader forward: stopped; 0 records sent\n"), f.err());
                assertTrue(!f.err().contains("Exception") && !f.err().contains("\tat "), f.err());
                Files.delete(dir.resolve("forward.err"));
                Files.delete(dir.resolve("cursor.prom"));
            }
            assertTrue(!Files.exists(dir.resolve("cursor")), "nothing accepted, no cursor");
        }
    }

    private long retries() throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("logger_forward_retries_total\\{[^}]*\\} (\\d+)")
                .matcher(Files.exists(dir.resolve("cursor.prom")) ? read(dir.resolve("cursor.prom")) : "");
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private void awaitProgress(String line) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1)).alias(line)
                .until(() -> Files.exists(dir.resolve("cursor.prom")) && read(dir.resolve("cursor.prom")).contains(line));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
