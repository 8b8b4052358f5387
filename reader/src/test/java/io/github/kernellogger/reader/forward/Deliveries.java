package io.github.kernellogger.reader.forward;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import io.github.kernellogger.reader.forward.engines.Rsyslog;
import io.github.kernellogger.reader.forward.engines.SyslogMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What the faults tests check of what rsyslog received: each record's identity (load id and seq,
 * from the structured data), that none is missing, and where the duplicates are.
 */
final class Deliveries {
    private Deliveries() {}

    /** Records seq {@code from}..{@code to}, framed as the appender writes them. */
    static LogRecord[] records(long from, long to) {
        LogRecord[] r = new LogRecord[(int) (to - from + 1)];
        for (long seq = from; seq <= to; seq++) {
            r[(int) (seq - from)] = Records.framed(seq, SyslogLevel.INFO, "record " + seq, "TAG", "com.acme.Load",
                    "THREAD", "worker-" + seq % 4);
        }
        return r;
    }

    /** Waits until rsyslog has written at least {@code count} messages (cheaply: lines). */
    static void awaitAtLeast(Rsyslog rsyslog, long count) {
        awaitAtLeast(rsyslog, count, () -> "");
    }

    /**
     * Waits until rsyslog has written at least {@code count} messages; if they do not come, fails
     * with what was received, rsyslog's own log and {@code sender}'s account (a forwarder's
     * standard error), so that a failure says which side stopped.
     */
    static void awaitAtLeast(Rsyslog rsyslog, long count, Supplier<String> sender) {
        Path file = rsyslog.directory().resolve("received.jsonl");
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .alias(count + " messages in " + file)
                    .until(() -> lines(file) >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(count + " messages did not arrive within 2 minutes: " + lines(file)
                    + " lines in " + file + ", " + distinct(rsyslog) + "\nrsyslog's log:\n" + rsyslog.internalLog()
                    + "\nthe sender's:\n" + sender.get(), e);
        }
    }

    /** Waits until every seq 1..{@code last} of {@code instance} has arrived, and returns the seqs in order of arrival. */
    static List<Long> awaitAll(Rsyslog rsyslog, String instance, long last) {
        return awaitAll(rsyslog, instance, last, () -> "");
    }

    /** As {@link #awaitAll(Rsyslog, String, long)}, with the sender's account on failure. */
    static List<Long> awaitAll(Rsyslog rsyslog, String instance, long last, Supplier<String> sender) {
        awaitAtLeast(rsyslog, last, sender);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .alias("every seq 1.." + last)
                .until(() -> seqs(rsyslog, instance).stream().distinct().count() >= last);
        return seqs(rsyslog, instance);
    }

    /**
     * Waits until every seq {@code from}..{@code last} of {@code instance} has arrived, and returns
     * the seqs of every record received, in order of arrival; fails with what arrived, rsyslog's
     * log and {@code sender}'s account.
     */
    static List<Long> awaitFrom(Rsyslog rsyslog, String instance, long from, long last, Supplier<String> sender) {
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .alias("every seq " + from + ".." + last)
                    .until(() -> seqs(rsyslog, instance).stream().filter(s -> s >= from && s <= last).distinct().count()
                            == last - from + 1);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("seqs " + from + ".." + last + " did not all arrive within 2 minutes: "
                    + distinct(rsyslog) + "\nrsyslog's log:\n" + rsyslog.internalLog() + "\nthe sender's:\n"
                    + sender.get(), e);
        }
        return seqs(rsyslog, instance);
    }

    /** Which seqs arrived, as runs ("1-3000, 3100-5000"), for a failure's message. */
    private static String distinct(Rsyslog rsyslog) {
        try {
            List<Long> seqs = new ArrayList<>(new TreeSet<>(seqs(rsyslog, null)));
            StringBuilder runs = new StringBuilder("seqs received: ");
            for (int i = 0; i < seqs.size(); i++) {
                int j = i;
                while (j + 1 < seqs.size() && seqs.get(j + 1) == seqs.get(j) + 1) {
                    j++;
                }
                runs.append(i == 0 ? "" : ", ").append(seqs.get(i)).append(j > i ? "-" + seqs.get(j) : "");
                i = j;
            }
            return runs.toString();
        } catch (RuntimeException | AssertionError e) {
            return "seqs unreadable: " + e;
        }
    }

    private static long lines(Path file) {
        if (!Files.exists(file)) {
            return 0;
        }
        try (Stream<String> s = Files.lines(file)) {
            return s.count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** The seqs of the records of {@code instance} received (of any load: null), in order of arrival. */
    static List<Long> seqs(Rsyslog rsyslog, String instance) {
        List<Long> seqs = new ArrayList<>();
        for (SyslogMessage m : rsyslog.received()) {
            if (m.appName().equals("logger-reader")) {
                continue;
            }
            if (instance != null) {
                assertEquals(instance, m.sdParam(Rfc5424.SD_ID, "instance"), m.rawMsg());
            }
            seqs.add(Long.parseLong(m.sdParam(Rfc5424.SD_ID, "seq")));
        }
        return seqs;
    }

    /**
     * Asserts that {@code seqs} hold every seq 1..last, in order but for one break at most, where
     * the sender went back and sent again from a seq it had sent: the duplicates are those, and
     * only those. Returns the duplicated seqs (first..last), empty for none.
     */
    static List<Long> assertWholeWithOneResend(List<Long> seqs, long last) {
        List<Long> resent = new ArrayList<>();
        int i = 1;
        while (i < seqs.size() && seqs.get(i) == seqs.get(i - 1) + 1) {
            i++;
        }
        long before = seqs.get(i - 1);
        assertEquals(1L, seqs.get(0), "the first record first");
        if (i < seqs.size()) {
            long from = seqs.get(i);
            assertTrue(from <= before + 1, "nothing skipped at the break: " + before + " then " + from);
            for (long s = from; s <= before; s++) {
                resent.add(s);
            }
            for (int k = i + 1; k < seqs.size(); k++) {
                assertEquals(seqs.get(k - 1) + 1, seqs.get(k), "in order after the break, at " + k);
            }
        }
        assertEquals(last, seqs.get(seqs.size() - 1), "the last record last");
        return resent;
    }
}
