package io.github.kernellogger.reader.forward;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.Cursor;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.ReadLoop;
import io.github.kernellogger.reader.read.ReadPlan;
import io.github.kernellogger.reader.read.RecordSink;
import io.github.kernellogger.reader.read.Reload;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code logger-reader forward}: follows the device (or a saved file) from the cursor file and
 * sends every record to one sink, the cursor kept only past what the sink accepted. The reading
 * is {@link ReadLoop}'s; this adds what a forwarder needs around it:
 * <ul>
 *   <li>A sink that cannot be reached or fails is closed, and after a wait (doubled after each
 *       failure, from {@code retry.initial} up to {@code retry.max}) opened again, whether or not
 *       new records came meanwhile; the read loop then resumes from the cursor file, so the sink
 *       gets again what it had not accepted, and records the ring overwrote meanwhile are
 *       reported as a loss, to the sink and here.
 *   <li>One line on standard error (the journal, under systemd) per change of state: started,
 *       the sink failed (and why), the sink is back (after how many attempts that were made);
 *       and one per loss. Never one per attempt.
 *   <li>Twice a second, a checkpoint: the sink is flushed (a syslog sink accepts its window as time
 *       passes) and the cursor kept; a sink that failed there ends the read loop
 *       ({@link ReadLoop#abort}) even while no record comes, so that the retries begin. Every
 *       {@code metrics.interval}, and at the end, the progress file ({@link ForwardMetrics}).
 *   <li>{@link #stop} (SIGTERM): the batch in flight is delivered, the sink settled (everything
 *       sent accepted, if it can be), the cursor and the progress written.
 * </ul>
 */
public final class Forwarder {
    private static final Duration CHECKPOINT = Duration.ofMillis(500);

    private final ForwardConfig config;
    private final ReadPlan plan;
    private final String hostname;
    private final PrintStream err;
    private final String sinkName;
    private final ForwardMetrics metrics;

    /** Guards the state below, and is waited on between attempts. */
    private final Object lock = new Object();
    private ReadLoop current;
    private boolean stopping;
    /** The sink is failing: the line was said, and is not said again until it is back. */
    private boolean down;
    private long downSinceNanos;
    private long failedAttempts;

    /**
     * @param metricsFile where the progress goes
     * @param name the forwarder's name, for the metrics' label (the configuration's name)
     * @param newestSeq the seq of the newest record the source holds, or -1 if not known
     */
    public Forwarder(ForwardConfig config, ReadPlan plan, String hostname, Path metricsFile, String name,
            LongSupplier newestSeq, PrintStream err) {
        this.config = config;
        this.plan = plan;
        this.hostname = hostname;
        this.err = err;
        this.sinkName = config.describeSink();
        this.metrics = new ForwardMetrics(metricsFile, name, newestSeq);
    }

    /**
     * Forwards until {@link #stop}, or, of a dump (never the command's), until the end.
     *
     * @throws ConfigException if the sink refuses its settings (a file of syslog.tls.ca unusable)
     * @throws IOException if the device, the cursor file or the progress file fail
     */
    public void run() throws IOException {
        Optional<Cursor> from = plan.cursorFile() == null ? Optional.empty() : plan.cursorFile().read();
        say("forwarding to " + sinkName + ", " + from.map(c -> "after " + c.text() + " (the cursor file)")
                .orElse("from " + start() + " (no cursor file yet)") + "; progress in " + metrics.file());
        metrics.write();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "checkpoint (logger-reader forward)");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::checkpoint, CHECKPOINT.toMillis(), CHECKPOINT.toMillis(),
                TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(this::writeMetrics, config.metricsInterval().toMillis(),
                config.metricsInterval().toMillis(), TimeUnit.MILLISECONDS);
        Backoff backoff = new Backoff(config.retryInitial(), config.retryMax());
        try {
            while (!isStopping()) {
                if (forwardOnce(backoff)) {
                    return;
                }
                if (!pause(backoff.next())) {
                    return;
                }
            }
        } finally {
            ticker.shutdownNow();
            writeMetrics();
        }
    }

    private String start() {
        return plan.start() instanceof io.github.kernellogger.reader.read.Start.Newest ? "the newest record" : "the oldest record held";
    }

    /**
     * Opens the sink and reads until the sink fails.
     *
     * @return true if the run ended (a dump done, or stopped), false if the sink failed
     */
    private boolean forwardOnce(Backoff backoff) throws IOException {
        Sink open;
        try {
            open = config.provider().open(config.sinkSettings(), hostname);
        } catch (IOException e) {
            failed(e, true);
            return false;
        } catch (IllegalArgumentException e) {
            throw ForwardConfig.invalid(config.file(), e.getMessage(), e);
        }
        Counting counting = new Counting(open, backoff);
        ReadLoop loop = new ReadLoop(plan, counting);
        try {
            synchronized (lock) {
                if (stopping) {
                    return true;
                }
                current = loop;
            }
            loop.run();
            return true;
        } catch (SinkFailure e) {
            keepAccepted(counting);
            failed(e, false);
            return false;
        } finally {
            synchronized (lock) {
                current = null;
            }
            try {
                open.close();
            } catch (IOException e) {
                // It failed already, or it is done; the cursor says where to go on.
            }
        }
    }

    /**
     * After the sink failed: keeps the cursor as far as the sink is sure it accepted, which may be
     * past the cursor the read loop last wrote (a RELP server acknowledged more since), so that
     * the next run sends again only what was not accepted.
     */
    private void keepAccepted(Counting counting) {
        if (plan.cursorFile() == null || counting.lastGivenSeq < 0) {
            return;
        }
        try {
            Cursor lastGiven = new Cursor(counting.lastGivenSeq, counting.lastGivenInstance);
            Cursor accepted = counting.sink.accepted(lastGiven);
            Optional<Cursor> kept = plan.cursorFile().read();
            if (accepted != null && !kept.equals(Optional.of(accepted))
                    && (kept.isEmpty() || !Objects.equals(kept.get().instance(), accepted.instance())
                            || kept.get().seq() < accepted.seq())) {
                plan.cursorFile().write(accepted);
            }
            plan.cursorFile().flush();
        } catch (IOException | RuntimeException e) {
            // The cursor stays where the read loop left it: more is sent again, nothing skipped.
        }
    }

    /** Waits {@code d}, or less if stopped. @return false if stopped */
    private boolean pause(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        synchronized (lock) {
            for (long left = d.toNanos(); !stopping && left > 0; left = until - System.nanoTime()) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !stopping;
        }
    }

    private boolean isStopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    /**
     * From a shutdown hook (SIGTERM): lets the batch in flight be delivered, settles the sink,
     * keeps the cursor, writes the progress, and says so. The caller then ends the process.
     */
    public void stop() {
        ReadLoop loop;
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
            loop = current;
        }
        if (loop != null) {
            loop.shutDown();
        }
        writeMetrics();
        String cursor;
        try {
            cursor = plan.cursorFile() == null ? null : plan.cursorFile().read().map(Cursor::text).orElse(null);
        } catch (IOException e) {
            cursor = null;
        }
        say("stopped; " + metrics.recordsSent.get() + " records sent"
                + (cursor != null ? ", the cursor at " + cursor + " (the last record the sink accepted)" : ""));
    }

    private void checkpoint() {
        ReadLoop loop;
        synchronized (lock) {
            loop = current;
        }
        if (loop == null) {
            return;
        }
        try {
            loop.checkpoint();
        } catch (SinkFailure e) {
            // Counted and said by the run it ends: one failure, however many checkpoints see it.
            loop.abort(e);
        } catch (IOException | RuntimeException e) {
            // The device or the cursor file: the read loop meets it too, and ends the run with it.
        }
    }

    private void writeMetrics() {
        try {
            metrics.write();
        } catch (IOException e) {
            // A full disk must not stop the forwarding; said once a state change, not each time.
        }
    }

    /**
     * The sink failed, or an attempt to reach it did: counted once each, said once, until it is
     * back.
     *
     * @param reaching an attempt to open the sink failed (one of those "is back after" counts),
     *     rather than a sink that was open
     */
    private void failed(IOException e, boolean reaching) {
        metrics.retries.incrementAndGet();
        metrics.sinkUp = false;
        synchronized (lock) {
            if (reaching) {
                failedAttempts++;
            }
            if (down || stopping) {
                return;
            }
            down = true;
            downSinceNanos = System.nanoTime();
        }
        String cursor;
        try {
            cursor = plan.cursorFile() == null ? "" : plan.cursorFile().read().map(c -> " at " + c.text()).orElse("");
        } catch (IOException ex) {
            cursor = "";
        }
        say(sinkName + " failed: " + e.getMessage() + "; keeping the cursor" + cursor + " and retrying, "
                + Durations.text(config.retryInitial()) + " after the first failure, doubling up to "
                + Durations.text(config.retryMax()));
    }

    /**
     * The sink accepted what it was given since it was opened (or was given nothing, so that
     * being open is all there is to know): if it was failing, say it is back. Not on a connection
     * alone: a peer that takes connections is not yet a sink that takes records.
     */
    private void back() {
        metrics.sinkUp = true;
        long attempts;
        long since;
        synchronized (lock) {
            attempts = failedAttempts;
            since = downSinceNanos;
            if (!down) {
                return;
            }
            down = false;
            failedAttempts = 0;
        }
        String seconds = String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - since) / 1e9);
        say(sinkName + (attempts == 0 ? " is back, " + seconds + " s after it failed"
                : " is back after " + attempts + " failed attempt" + (attempts == 1 ? "" : "s") + " to reach it, in "
                        + seconds + " s") + "; resent from the cursor");
    }

    private void say(String line) {
        err.println("logger-reader forward: " + line);
    }

    /**
     * The sink as the read loop sees it: counts what it took, says each loss, and marks its
     * failures as the sink's ({@link SinkFailure}).
     */
    private final class Counting implements RecordSink {
        private final RecordSink sink;
        private final Backoff backoff;
        /** The load of the last record the sink took without failing (lastGivenSeq), for {@link #keepAccepted}. */
        private String lastGivenInstance;
        private long given;
        /** Records given in this run and flushed, for {@link #took}. */
        private long givenInRun;
        /** What the sink first said it had accepted in this run: where it began. */
        private Cursor firstAccepted;
        private long lastGivenSeq = -1;
        private String instance;
        /** The last seq of the newest loss said, of {@link #instance}: a loss sent again is not said again. */
        private long saidUpTo = -1;

        Counting(RecordSink sink, Backoff backoff) {
            this.sink = sink;
            this.backoff = backoff;
        }

        @Override
        public void cgroups(CgroupNames names) {
            sink.cgroups(names);
        }

        @Override
        public void begin(String instance) throws IOException {
            if (!Objects.equals(instance, this.instance)) {
                saidUpTo = -1;
            }
            this.instance = instance;
            try {
                sink.begin(instance);
            } catch (IOException e) {
                throw new SinkFailure(e);
            }
        }

        @Override
        public void record(LogRecord r) throws IOException {
            try {
                sink.record(r);
            } catch (IOException e) {
                throw new SinkFailure(e);
            }
            given++;
            lastGivenSeq = r.seq();
            lastGivenInstance = instance;
        }

        @Override
        public void gap(Gap g) throws IOException {
            if (g.lastSeq() > saidUpTo) {
                saidUpTo = g.lastSeq();
                metrics.gaps.incrementAndGet();
                metrics.recordsLost.addAndGet(g.lost());
                say(g.describe());
            }
            try {
                sink.gap(g);
            } catch (IOException e) {
                throw new SinkFailure(e);
            }
        }

        @Override
        public void reload(Reload r) throws IOException {
            say(r.describe());
            instance = r.instance();
            saidUpTo = -1;
            try {
                sink.reload(r);
            } catch (IOException e) {
                throw new SinkFailure(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                sink.flush();
            } catch (IOException e) {
                throw new SinkFailure(e);
            }
            took();
        }

        @Override
        public void settle() throws IOException {
            try {
                sink.settle();
            } catch (IOException e) {
                throw new SinkFailure(e);
            }
            took();
        }

        private void took() {
            if (given > 0) {
                metrics.recordsSent.addAndGet(given);
                metrics.lastSentSeq.set(lastGivenSeq);
                metrics.lastSuccessMillis.set(System.currentTimeMillis());
                givenInRun += given;
                given = 0;
            }
            if (givenInRun == 0) {
                backoff.reset();
                back(); // nothing to prove yet: being open is all there is to know
            }
        }

        /**
         * The sink's, and the proof that it is back: everything given accepted, or the cursor
         * past where this run began.
         */
        @Override
        public Cursor accepted(Cursor read) {
            Cursor a = sink.accepted(read);
            if (firstAccepted == null) {
                firstAccepted = a;
            }
            if (a.equals(read) || !a.equals(firstAccepted)) {
                backoff.reset();
                back();
            }
            return a;
        }
    }
}
