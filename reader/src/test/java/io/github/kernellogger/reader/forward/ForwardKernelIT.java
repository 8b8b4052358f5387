package io.github.kernellogger.reader.forward;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.DeviceStats;
import io.github.kernellogger.device.LoggerDevice;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.device.testing.KernelModule;
import io.github.kernellogger.reader.forward.engines.Rsyslog;
import io.github.kernellogger.reader.forward.engines.SyslogMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logger-reader forward} from the live device, in the test VM, into Debian's rsyslogd
 * running there too: the ring overflows while rsyslog is down, and the loss arrives as a gap with
 * the exact count, at rsyslog and on the forwarder's stderr; a first run with --new forwards only
 * what is written after it started.
 */
class ForwardKernelIT {
    @TempDir
    Path dir;

    @BeforeEach
    void smallRing() throws Exception {
        // 64 KiB: a few hundred records fill it.
        KernelModule.reload("buffer_size=65536");
    }

    private static void write(int from, int to) throws IOException {
        try (LoggerDevice w = LoggerDevice.open(KernelModule.DEVICE, LoggerDevice.Mode.WRITE, false)) {
            for (int i = from; i <= to; i++) {
                w.write(SyslogLevel.INFO, "record " + i + " " + "x".repeat(100));
            }
        }
    }

    private static DeviceStats stats() throws IOException {
        try (LoggerDevice d = LoggerDevice.open(KernelModule.DEVICE, LoggerDevice.Mode.WRITE, false)) {
            return d.stats();
        }
    }

    private ForwarderProcess forward(Rsyslog rsyslog, String... more) throws IOException {
        Path config = SyslogForwardTest.config(dir, "sink = syslog", "syslog.host = 127.0.0.1",
                "syslog.port = " + rsyslog.port(), "retry.initial = 200ms", "retry.max = 1s");
        String[] args = new String[4 + more.length];
        args[0] = "--config";
        args[1] = config.toString();
        args[2] = "--cursor-file";
        args[3] = dir.resolve("cursor").toString();
        System.arraycopy(more, 0, args, 4, more.length);
        return ForwarderProcess.start(dir.resolve("forward.err"), args);
    }

    @Test
    void theRingOverflowsWhileRsyslogIsDownAndTheLossArrivesWithItsExactCount() throws IOException {
        String load = stats().instanceId();
        try (Rsyslog rsyslog = Rsyslog.builder().start()) {
            write(1, 10);
            ForwarderProcess f = forward(rsyslog);
            rsyslog.awaitReceived(10);
            // Accepted once the sink has ended its connection in order (within a second or two):
            // until then a loss of 1..10 would be told, as they were in flight.
            Path cursor = dir.resolve("cursor");
            await().atMost(Duration.ofMinutes(1)).until(() -> Files.exists(cursor)
                    && Files.readString(cursor).equals("instance=" + load + ";seq=10\n"));
            rsyslog.kill();
            write(11, 11);
            f.awaitErr("(TCP) failed: ");
            write(12, 2000);
            DeviceStats full = stats();
            long oldest = full.firstSeq();
            assertTrue(oldest > 12, "the ring wrapped: " + full.firstSeq());
            rsyslog.start();
            List<SyslogMessage> got = rsyslog.awaitReceived((int) (10 + 1 + 2000 - oldest + 1));
            f.awaitErr("is back after");
            assertEquals(0, f.terminate(), f.err());

            long lost = oldest - 11;
            String line = "-- " + lost + " records lost (seq 11.." + (oldest - 1) + ", overwritten before they were read) --";
            assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"),
                    got.subList(0, 10).stream().map(m -> m.sdParam(Rfc5424.SD_ID, "seq")).toList());
            SyslogMessage gap = got.get(10);
            assertEquals("gap", gap.msgId(), gap.rawMsg());
            assertEquals(line, gap.msg());
            assertEquals(Long.toString(lost), gap.sdParam(Rfc5424.SD_ID, "lost"));
            assertEquals(load, gap.sdParam(Rfc5424.SD_ID, "instance"));
            assertEquals(Long.toString(oldest), got.get(11).sdParam(Rfc5424.SD_ID, "seq"), "then from the oldest held");
            assertEquals("2000", got.get(got.size() - 1).sdParam(Rfc5424.SD_ID, "seq"));
            assertEquals(10 + 1 + 2000 - oldest + 1, got.size(), "nothing twice");
            assertTrue(f.err().contains("logger-reader forward: " + line), f.err());
            assertEquals("instance=" + load + ";seq=2000\n", Files.readString(dir.resolve("cursor")));
            String progress = Files.readString(dir.resolve("cursor.prom"));
            assertTrue(progress.contains("logger_forward_records_lost_total{forwarder=\"central\"} " + lost + "\n"), progress);
            assertTrue(progress.contains("logger_forward_gaps_total{forwarder=\"central\"} 1\n"), progress);
            assertTrue(progress.contains("logger_forward_lag_records{forwarder=\"central\"} 0\n"), progress);
        }
    }

    @Test
    void aFirstRunWithNewForwardsOnlyWhatIsWrittenAfterItStarted() throws IOException {
        try (Rsyslog rsyslog = Rsyslog.builder().start()) {
            write(1, 5);
            ForwarderProcess f = forward(rsyslog, "--new");
            f.awaitErr("from the newest record (no cursor file yet)");
            // Until it has positioned itself at the end, what is written may come before it: one
            // record more at each look, until one arrives.
            int[] seq = {5};
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
                seq[0]++;
                write(seq[0], seq[0]);
                return !rsyslog.received().isEmpty();
            });
            assertEquals(0, f.terminate(), f.err());
            long first = Long.parseLong(rsyslog.received().get(0).sdParam(Rfc5424.SD_ID, "seq"));
            assertTrue(first > 5, "none of the records held at the start: " + first);
        }
    }
}
