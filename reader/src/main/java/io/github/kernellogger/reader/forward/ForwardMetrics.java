package io.github.kernellogger.reader.forward;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A forwarder's progress as counters, written to a file in the Prometheus text format, as
 * node_exporter's textfile collector reads it ({@code *.prom}): replaced whole (a temporary file
 * renamed over it), so a reader never sees half of one. Each metric carries the label
 * {@code forwarder} (the configuration's name), so that several forwarders of one host can share
 * the collector's folder.
 */
final class ForwardMetrics {
    final AtomicLong recordsSent = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong gaps = new AtomicLong();
    final AtomicLong recordsLost = new AtomicLong();
    /** The seq of the last record sent, -1 before the first. */
    final AtomicLong lastSentSeq = new AtomicLong(-1);
    final AtomicLong lastSuccessMillis = new AtomicLong();
    volatile boolean sinkUp;

    private final Path file;
    private final Path temp;
    private final String label;
    /** The seq of the newest record the source holds; -1 if not known. */
    private final LongSupplier newestSeq;

    ForwardMetrics(Path file, String name, LongSupplier newestSeq) {
        this.file = file;
        this.temp = file.resolveSibling(file.getFileName() + ".tmp");
        this.label = "{forwarder=\"" + name.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"}";
        this.newestSeq = newestSeq;
    }

    Path file() {
        return file;
    }

    /** The records behind the source's newest; -1 if not known. */
    long lag() {
        long newest = newestSeq.getAsLong();
        long sent = lastSentSeq.get();
        return newest < 0 ? -1 : Math.max(0, newest - Math.max(0, sent));
    }

    String text() {
        StringBuilder b = new StringBuilder();
        metric(b, "records_sent_total", "counter", "Records sent to the sink and flushed (sent again after a "
                + "failure, counted again).", recordsSent.get());
        metric(b, "retries_total", "counter", "Failed attempts to reach or use the sink.", retries.get());
        metric(b, "gaps_total", "counter", "Losses reported: runs of records overwritten in the ring before they "
                + "were read.", gaps.get());
        metric(b, "records_lost_total", "counter", "Records overwritten in the ring before they were read.",
                recordsLost.get());
        long lag = lag();
        if (lag >= 0) {
            metric(b, "lag_records", "gauge", "Records the device holds that are newer than the last one sent.", lag);
        }
        metric(b, "sink_up", "gauge", "1 while the sink takes records, 0 while the forwarder is retrying.",
                sinkUp ? 1 : 0);
        long success = lastSuccessMillis.get();
        b.append("# HELP logger_forward_last_success_timestamp_seconds When the sink last took records (Unix time).\n")
                .append("# TYPE logger_forward_last_success_timestamp_seconds gauge\n")
                .append("logger_forward_last_success_timestamp_seconds").append(label).append(' ')
                .append(String.format(Locale.ROOT, "%.3f", success / 1000.0)).append('\n');
        return b.toString();
    }

    private void metric(StringBuilder b, String name, String type, String help, long value) {
        b.append("# HELP logger_forward_").append(name).append(' ').append(help).append('\n')
                .append("# TYPE logger_forward_").append(name).append(' ').append(type).append('\n')
                .append("logger_forward_").append(name).append(label).append(' ').append(value).append('\n');
    }

    /** Replaces the file with the counters as they are now. */
    void write() throws IOException {
        try {
            Files.writeString(temp, text(), StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IOException("cannot write the progress file " + file + ": " + e.getMessage(), e);
        }
    }
}
