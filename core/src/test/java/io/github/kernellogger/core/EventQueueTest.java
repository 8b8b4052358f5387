package io.github.kernellogger.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LoggerAbi;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The queue with slots of text ({@link TextEvent}), no logging framework: reservations, the
 * full-queue waits, batches, discards, resizes, the drain thread's waits and who wakes it, and
 * the writer role that logging threads take to write their event through.
 */
class EventQueueTest {
    /** Levels as a framework would give them: the queue and the writer carry them as opaque objects. */
    private enum Level { INFO, WARN, ERROR }

    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    /** A queue whose drain thread does not linger: it waits to be woken, as before lingering. */
    private static EventQueue<TextEvent> queue(int capacity) {
        return new EventQueue<>(capacity, DevicePipeline.DEFAULT_QUEUE_BYTES, 0, TextEvent::new);
    }

    /** A batch for a device that takes records of up to 4 MiB. */
    private static RecordBatch batch() {
        RecordBatch b = new RecordBatch("/dev/logger");
        b.prepare(true, 4 << 20, RecordBatch.STANDARD_BYTES);
        return b;
    }

    private static boolean offer(EventQueue<TextEvent> q, String message) {
        return offer(q, message, Level.INFO, 0, null);
    }

    private static boolean offer(EventQueue<TextEvent> q, String message, Object level, long time,
            EventOrigin origin) {
        TextEvent e = q.tryReserve();
        if (e == null) {
            return false;
        }
        e.set(message, level, time, origin);
        q.publish(e);
        return true;
    }

    /** The messages of a batch. */
    private static List<String> messages(RecordBatch b) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < b.size(); i++) {
            out.add(new String(b.payload(i), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** One drain, as the payload strings; the batch is written, as far as the queue knows. */
    private static List<String> drainOnce(EventQueue<TextEvent> q) {
        RecordBatch b = batch();
        q.drainTo(b, 0);
        q.releaseRole();
        return messages(b);
    }

    /** Drains everything there is now, as the payload strings. */
    private static List<String> drain(EventQueue<TextEvent> q) {
        List<String> out = new ArrayList<>();
        RecordBatch b = batch();
        while (q.drainTo(b, 0) > 0) {
            out.addAll(messages(b));
        }
        q.releaseRole();
        return out;
    }

    /** The frame of a message, as {@link TextEvent} encodes it. */
    private static byte[] frame(String message) {
        FrameBuffer f = new FrameBuffer();
        f.setMaxPayload(4 << 20);
        new TextEvent().set(message, null, 0, null).encode(f, true);
        byte[] out = new byte[f.frame().remaining()];
        f.frame().get(out);
        return out;
    }

    private static void awaitWaiting(Thread t) {
        Threads.awaitWaiting(t);
    }

    /** A drain thread that takes batches until one holds events, and what they say. */
    private record IdleDrain(Thread thread, CompletableFuture<List<String>> drained) {}

    /** Starts an {@link IdleDrain} on {@code q}, empty: it returns once the thread waits, idle. */
    private static IdleDrain idleDrain(EventQueue<TextEvent> q) {
        CompletableFuture<List<String>> drained = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            RecordBatch b = batch();
            while (messages(b).isEmpty()) {
                q.drainTo(b, HOUR);
            }
            drained.complete(messages(b));
        });
        thread.start();
        awaitWaiting(thread);
        return new IdleDrain(thread, drained);
    }

    @Test
    void keepsOrderAndRefusesWhenFull() throws Exception {
        EventQueue<TextEvent> q = queue(3);
        assertTrue(offer(q, "a"));
        assertTrue(offer(q, "b"));
        assertTrue(offer(q, "c"));
        assertFalse(offer(q, "d"));
        assertNull(q.reserve(1, TimeUnit.MILLISECONDS));
        assertEquals(3, q.size());
        assertEquals(List.of("a", "b", "c"), drain(q));
        assertTrue(offer(q, "e"));
        assertEquals(List.of("e"), drain(q));
        assertEquals(4, q.enqueued());
    }

    @Test
    void aBatchIsTheFramesBackToBack() {
        EventQueue<TextEvent> q = queue(8);
        EventOrigin origin = (level, time, message) -> true;
        offer(q, "boom", Level.ERROR, 7, origin);
        offer(q, "second one", Level.INFO, 8, null);
        RecordBatch b = batch();
        assertEquals(2, q.drainTo(b, 0));
        ByteBuffer r = b.frames(0, b.frames());
        byte[] written = new byte[r.remaining()];
        r.get(written);
        byte[] first = frame("boom");
        byte[] second = frame("second one");
        ByteBuffer both = ByteBuffer.allocate(first.length + second.length).put(first).put(second);
        assertArrayEquals(both.array(), written);
        assertEquals(Level.ERROR, b.level(0));
        assertEquals(7, b.timeMillis(0));
        assertSame(origin, b.origin(0));
        assertEquals("boom", new String(b.payload(0), StandardCharsets.UTF_8));
    }

    @Test
    void aBatchStopsAtTheMostBytesTheDeviceTakes() {
        EventQueue<TextEvent> q = queue(8);
        for (int i = 0; i < 5; i++) {
            offer(q, "x".repeat(984)); // frames of 1000 bytes
        }
        RecordBatch b = new RecordBatch("/dev/logger");
        // Room for three, and for a notice of discards after them.
        b.prepare(true, 65536, 3200);
        assertEquals(3, q.drainTo(b, 0));
        assertEquals(2, q.drainTo(b, 0));
    }

    /** Frames of the batch as the device would store them: each frame's message, in order. */
    private static List<String> written(RecordBatch b) {
        List<String> out = new ArrayList<>();
        ByteBuffer frames = b.frames(0, b.frames());
        while (frames.hasRemaining()) {
            int start = frames.position();
            int size = frames.getInt(start + LoggerAbi.FRAME_SIZE_OFFSET);
            int fieldsLen = Short.toUnsignedInt(frames.getShort(start
                    + LoggerAbi.FRAME_FIELDS_LEN_OFFSET));
            int message = start + LoggerAbi.FRAME_SIZE + fieldsLen;
            byte[] text = new byte[start + size - message];
            frames.get(message, text);
            out.add(new String(text, StandardCharsets.UTF_8));
            frames.position(start + LoggerAbi.frameSpan(size));
        }
        return out;
    }

    /**
     * An event whose frame does not fit what is left of a batch opens the next one, with the
     * notice of the discards before it: each written once, in order.
     */
    @Test
    void anEventThatDoesNotFitGoesFirstInTheNextBatchWithItsNotice() {
        EventQueue<TextEvent> q = queue(8);
        String x = "x".repeat(984); // frames of 1000 bytes
        offer(q, "a" + x.substring(1));
        offer(q, "b" + x.substring(1));
        offer(q, "c" + x.substring(1));
        q.countDiscarded();
        offer(q, "d" + x.substring(1));
        offer(q, "e" + x.substring(1));
        RecordBatch b = new RecordBatch("/dev/logger");
        b.prepare(true, 65536, 3200); // three frames and a notice's room
        assertEquals(3, q.drainTo(b, 0));
        assertEquals(List.of('a', 'b', 'c'), written(b).stream().map(m -> m.charAt(0)).toList());
        assertEquals(2, q.drainTo(b, 0));
        List<String> second = written(b);
        assertEquals(3, second.size());
        assertEquals("kernel-logger: 1 event was discarded because the queue for /dev/logger was full",
                second.get(0));
        assertEquals(List.of('d', 'e'), second.subList(1, 3).stream().map(m -> m.charAt(0)).toList());
    }

    /** An event whose encoding fails after a notice: the notice is written, the event lost. */
    @Test
    void anEventThatFailsToEncodeIsLostAndItsNoticeKept() {
        EventQueue<TextEvent> q = queue(8);
        offer(q, "a");
        q.countDiscarded();
        offer(q, TextEvent.FAILS);
        offer(q, "c");
        RecordBatch b = batch();
        assertEquals(3, q.drainTo(b, 0));
        assertEquals(List.of("a", "kernel-logger: 1 event was discarded because the queue for "
                + "/dev/logger was full", "c"), written(b));
        assertEquals(1, b.lost());
        assertEquals(TextEvent.FAILS, b.failure().getMessage());
    }

    @Test
    void anIdleDrainTimesOutWithNothing() {
        EventQueue<TextEvent> q = queue(2);
        RecordBatch b = batch();
        assertEquals(0, q.drainTo(b, TimeUnit.MILLISECONDS.toNanos(5)));
        assertEquals(0, b.size());
        assertEquals(0, b.discardedAfter());
    }

    @Test
    void discardsAreReportedWhereTheyHappenedAndOnlyOnce() {
        EventQueue<TextEvent> q = queue(4);
        offer(q, "a");
        q.countDiscarded();
        q.countDiscarded();
        offer(q, "b");
        q.countDiscarded();
        RecordBatch b = batch();
        assertEquals(2, q.drainTo(b, 0));
        assertEquals(0, b.discardedBefore(0));
        assertEquals(2, b.discardedBefore(1)); // lost between a and b
        assertEquals(1, b.discardedAfter()); // lost after b, nothing since
        assertEquals(0, q.drainTo(b, 0));
        assertEquals(0, b.discardedAfter());
        q.countDiscarded();
        assertEquals(0, q.drainTo(b, 0)); // discards alone wake the consumer
        assertEquals(1, b.discardedAfter());
        assertEquals(4, q.discarded());
    }

    @Test
    void discardsAfterEventsLeftForTheNextBatchWaitForThem() {
        EventQueue<TextEvent> q = queue(4);
        String big = "y".repeat(200 * 1024); // two do not fit in one batch
        offer(q, big, Level.INFO, 0, null);
        offer(q, big, Level.WARN, 0, null);
        q.countDiscarded();
        RecordBatch b = batch();
        assertEquals(1, q.drainTo(b, 0));
        assertEquals(0, b.discardedAfter()); // the loss came after the second, still queued
        assertEquals(1, q.size());
        assertEquals(1, q.drainTo(b, 0));
        assertEquals(Level.WARN, b.level(0));
        assertEquals(1, b.discardedAfter());
    }

    @Test
    void eventsThatWrapRoundTheRingComeOutInOrder() {
        EventQueue<TextEvent> q = queue(4);
        for (String s : List.of("a", "b", "c")) {
            offer(q, s);
        }
        assertEquals(List.of("a", "b", "c"), drainOnce(q));
        for (String s : List.of("d", "e", "f", "g")) { // slots 3, 0, 1, 2
            offer(q, s);
        }
        assertEquals(List.of("d", "e", "f", "g"), drainOnce(q));
    }

    @Test
    void putWaitsForRoom() throws Exception {
        EventQueue<TextEvent> q = queue(1);
        offer(q, "first");
        Thread producer = new Thread(() -> {
            try {
                TextEvent e = q.reserve();
                q.publish(e.set("second", Level.INFO, 0, null));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        producer.start();
        awaitWaiting(producer);
        assertEquals(List.of("first"), drainOnce(q));
        producer.join(10_000);
        assertFalse(producer.isAlive());
        assertEquals(List.of("second"), drain(q));
    }

    @Test
    void putCanBeInterruptedAndPutsNothing() throws Exception {
        EventQueue<TextEvent> q = queue(1);
        offer(q, "first");
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread producer = new Thread(() -> {
            try {
                q.reserve();
                thrown.complete(null);
            } catch (InterruptedException e) {
                thrown.complete(e);
            }
        });
        producer.start();
        awaitWaiting(producer);
        producer.interrupt();
        assertTrue(thrown.get(10, TimeUnit.SECONDS) instanceof InterruptedException);
        assertEquals(List.of("first"), drain(q));
    }

    /** LOG4J2-1049: an interrupt is a message to the thread's own code, not a full queue. */
    @Test
    void anInterruptedThreadStillPutsWhileThereIsRoomAndKeepsTheFlag() throws Exception {
        EventQueue<TextEvent> q = queue(4);
        Thread.currentThread().interrupt();
        try {
            q.publish(q.reserve().set("put", Level.INFO, 0, null));
            q.publish(q.reserve(1, TimeUnit.DAYS).set("offer", Level.INFO, 0, null));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of("put", "offer"), drain(q));
    }

    @Test
    void putUninterruptiblyWaitsThroughInterruptsAndKeepsTheFlag() throws Exception {
        EventQueue<TextEvent> q = queue(1);
        offer(q, "first");
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            TextEvent e = q.reserveUninterruptibly();
            q.publish(e.set("severe", Level.ERROR, 0, null));
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        producer.start();
        awaitWaiting(producer);
        producer.interrupt();
        // Still waiting after the interrupt: the event must not be lost.
        awaitWaiting(producer);
        assertTrue(producer.isAlive());
        assertEquals(List.of("first"), drainOnce(q));
        producer.join(10_000);
        assertTrue(interruptedAfter.get());
        assertEquals(List.of("severe"), drain(q));
    }

    @Test
    void closeWakesProducersAndTheConsumerDrainsTheRest() throws Exception {
        EventQueue<TextEvent> q = queue(1);
        offer(q, "kept");
        CompletableFuture<TextEvent> put = new CompletableFuture<>();
        Thread producer = new Thread(() -> put.complete(q.reserveUninterruptibly()));
        producer.start();
        awaitWaiting(producer);
        q.close();
        assertNull(put.get(10, TimeUnit.SECONDS));
        assertFalse(offer(q, "x"));
        RecordBatch b = batch();
        assertEquals(1, q.drainTo(b, 0));
        assertEquals(-1, q.drainTo(b, 0));
    }

    @Test
    void resizeKeepsEveryEventInOrder() {
        EventQueue<TextEvent> q = queue(4);
        for (String s : List.of("a", "b", "c")) {
            offer(q, s);
        }
        q.drainTo(batch(), 0); // takeIndex moves, so the events wrap
        for (String s : List.of("d", "e", "f", "g")) {
            offer(q, s);
        }
        q.resize(2); // below the 4 held: raised to 4
        assertEquals(4, q.capacity());
        q.resize(16);
        assertEquals(16, q.capacity());
        assertTrue(offer(q, "h"));
        assertEquals(List.of("d", "e", "f", "g", "h"), drain(q));
        assertThrows(IllegalArgumentException.class, () -> q.resize(0));
    }

    /** A slot reserved before a resize is filled wherever the resize moved it. */
    @Test
    void aSlotBeingFilledDuringAResizeKeepsItsPlace() {
        EventQueue<TextEvent> q = queue(4);
        offer(q, "a");
        TextEvent reserved = q.tryReserve();
        offer(q, "c");
        q.resize(8);
        q.publish(reserved.set("b", Level.INFO, 0, null));
        assertEquals(List.of("a", "b", "c"), drain(q));
    }

    @Test
    void aBatchTakesAnyFirstEventAndStopsAtItsLimits() {
        EventQueue<TextEvent> q = queue(RecordBatch.MAX_EVENTS + 10);
        offer(q, "z".repeat(1 << 20));
        for (int i = 0; i < RecordBatch.MAX_EVENTS + 5; i++) {
            offer(q, "e" + i);
        }
        RecordBatch b = batch();
        assertEquals(1, q.drainTo(b, 0)); // the big one fills a batch of its own
        assertEquals(1 << 20, b.payload(0).length);
        assertEquals(RecordBatch.MAX_EVENTS, q.drainTo(b, 0));
        assertEquals(5, q.drainTo(b, 0));
    }

    @Test
    void aResizeDuringADrainTakesEffectAfterIt() {
        EventQueue<TextEvent> q = queue(2);
        offer(q, "a");
        offer(q, "b");
        q.resize(4);
        RecordBatch b = batch();
        assertEquals(2, q.drainTo(b, 0));
        assertEquals("b", new String(b.payload(1), StandardCharsets.UTF_8));
        assertEquals(4, q.capacity());
        assertEquals(0, q.size());
    }

    /**
     * A slot reserved and not yet filled holds back the events after it, not before: the
     * writer takes up to it, then waits for it (woken by its publish), then takes the rest.
     */
    @Test
    void aSlotBeingFilledHoldsBackOnlyTheEventsAfterIt() throws Exception {
        EventQueue<TextEvent> q = queue(8);
        offer(q, "a");
        TextEvent slow = q.tryReserve();
        offer(q, "c");
        assertEquals(List.of("a"), drainOnce(q));
        CompletableFuture<List<String>> next = CompletableFuture.supplyAsync(() -> drainOnce(q));
        await().atMost(10, TimeUnit.SECONDS).until(() -> !next.isDone() && q.size() == 2);
        q.publish(slow.set("b", Level.INFO, 0, null));
        assertEquals(List.of("b", "c"), next.get(10, TimeUnit.SECONDS));
    }

    /** Filling a slot failed: the writer skips it, counting it lost, and takes the rest. */
    @Test
    void anAbandonedSlotIsSkippedAndCountedLost() {
        EventQueue<TextEvent> q = queue(4);
        offer(q, "a");
        q.abandon(q.tryReserve());
        offer(q, "c");
        RecordBatch b = batch();
        assertEquals(3, q.drainTo(b, 0));
        assertEquals(List.of("a", "c"), messages(b));
        assertEquals(1, b.lost());
        assertEquals(0, q.size());
    }

    /** The first event after the drain thread went idle wakes it; those after it do not. */
    @Test
    void onlyTheFirstEventWakesAnIdleDrainThread() throws Exception {
        EventQueue<TextEvent> q = queue(8);
        CompletableFuture<List<String>> drained = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            RecordBatch b = batch();
            q.drainTo(b, HOUR); // idle: only a wake ends this wait
            drained.complete(messages(b));
        });
        drain.start();
        awaitWaiting(drain);
        TextEvent first = q.tryReserve();
        TextEvent second = q.tryReserve();
        assertTrue(first.wakeWriter);
        assertFalse(second.wakeWriter);
        q.publish(second.set("b", Level.INFO, 0, null));
        q.publish(first.set("a", Level.INFO, 0, null));
        assertEquals(List.of("a", "b"), drained.get(10, TimeUnit.SECONDS));
    }

    /** An event its thread writes through wakes no idle drain thread: that thread writes it. */
    @Test
    void anEventWrittenThroughWakesNoDrainThread() throws Exception {
        EventQueue<TextEvent> q = queue(8);
        IdleDrain drain = idleDrain(q);
        TextEvent mine = q.tryReserve(true);
        assertFalse(mine.wakeWriter);
        TextEvent other = q.tryReserve();
        assertTrue(other.wakeWriter, "the next event still wakes it: no wake is pending");
        q.publish(other.set("other", Level.INFO, 0, null));
        q.publish(mine.set("mine", Level.ERROR, 0, null));
        assertEquals(List.of("mine", "other"), drain.drained().get(10, TimeUnit.SECONDS));
    }

    /**
     * The drain thread, woken, finds a logging thread writing and waits for it, then goes idle
     * again: the next event still wakes it (the wake it missed does not count as pending).
     */
    @Test
    void anIdleDrainThreadIsWokenAgainAfterALoggingThreadWroteWhatWokeIt() throws Exception {
        EventQueue<TextEvent> q = queue(8);
        IdleDrain drain = idleDrain(q);
        TextEvent first = q.tryReserve();
        assertTrue(first.wakeWriter);
        long seq = first.seq;
        assertEquals(EventQueue.MY_TURN, q.awaitTurn(seq, 0)); // before the drain thread runs
        q.publish(first.set("written through", Level.ERROR, 0, null));
        RecordBatch own = batch();
        assertEquals(1, q.takeBatch(own));
        await().atMost(10, TimeUnit.SECONDS).until(() -> drain.thread().getState() == Thread.State.TIMED_WAITING);
        assertTrue(q.batchWritten(seq)); // the drain thread, waiting for the role, idles again
        await().atMost(10, TimeUnit.SECONDS).until(() -> drain.thread().getState() == Thread.State.TIMED_WAITING
                && !q.holdsWriterRole());
        TextEvent next = q.tryReserve();
        q.publish(next.set("after", Level.INFO, 0, null));
        assertEquals(List.of("after"), drain.drained().get(10, TimeUnit.SECONDS));
    }

    /**
     * After a batch the drain thread lingers: events logged meanwhile do not wake it, and it
     * takes them when the linger ends (its idle wait, an hour here, never comes into it).
     */
    @Test
    void aLingeringDrainThreadIsNotWokenAndTakesWhatCameWhenTheLingerEnds() throws Exception {
        EventQueue<TextEvent> q = new EventQueue<>(8, DevicePipeline.DEFAULT_QUEUE_BYTES,
                TimeUnit.SECONDS.toNanos(2), TextEvent::new);
        offer(q, "first");
        CompletableFuture<List<String>> second = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            RecordBatch b = batch();
            q.drainTo(b, HOUR);
            q.drainTo(b, HOUR); // lingers, as it just took a batch
            second.complete(messages(b));
        });
        drain.start();
        // Within the linger of two seconds: polled every millisecond.
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(10, TimeUnit.SECONDS)
                .until(() -> q.size() == 0 && drain.getState() == Thread.State.TIMED_WAITING);
        TextEvent e = q.tryReserve();
        assertFalse(e.wakeWriter, "a lingering drain thread is not woken");
        q.publish(e.set("during the linger", Level.INFO, 0, null));
        assertEquals(List.of("during the linger"), second.get(10, TimeUnit.SECONDS));
    }

    /** A linger that finds nothing makes the drain thread idle: the next event wakes it. */
    @Test
    void aLingerThatFindsNothingEndsInAnIdleWaitThatTheNextEventEnds() throws Exception {
        EventQueue<TextEvent> q = new EventQueue<>(8, DevicePipeline.DEFAULT_QUEUE_BYTES,
                TimeUnit.MILLISECONDS.toNanos(1), TextEvent::new);
        offer(q, "first");
        CompletableFuture<Void> wokenOne = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            RecordBatch b = batch();
            // Waits of an hour when idle: only a wake brings what comes then.
            while (!messages(b).contains("woke it")) {
                q.drainTo(b, HOUR);
            }
            wokenOne.complete(null);
        });
        drain.start();
        // Probes, each taken at the end of a linger, until one finds the drain thread idle.
        await().atMost(10, TimeUnit.SECONDS).until(() -> {
            TextEvent probe = q.tryReserve();
            boolean woken = probe.wakeWriter;
            q.publish(probe.set(woken ? "woke it" : "lingering", Level.INFO, 0, null));
            return woken;
        });
        wokenOne.get(10, TimeUnit.SECONDS);
    }

    /** A full batch waiting wakes a lingering drain thread, whose linger (an hour) would not end. */
    @Test
    void aFullBatchWakesALingeringDrainThread() throws Exception {
        EventQueue<TextEvent> q = new EventQueue<>(2 * RecordBatch.MAX_EVENTS,
                DevicePipeline.DEFAULT_QUEUE_BYTES, HOUR, TextEvent::new);
        offer(q, "first");
        CompletableFuture<Integer> second = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            RecordBatch b = batch();
            q.drainTo(b, HOUR);
            second.complete(q.drainTo(b, HOUR));
        });
        drain.start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> q.size() == 0);
        awaitWaiting(drain);
        for (int i = 1; i < RecordBatch.MAX_EVENTS; i++) {
            TextEvent e = q.tryReserve();
            assertFalse(e.wakeWriter);
            q.publish(e.set("e" + i, Level.INFO, 0, null));
        }
        TextEvent last = q.tryReserve();
        assertTrue(last.wakeWriter, "the event that makes a full batch wakes it");
        q.publish(last.set("last", Level.INFO, 0, null));
        assertEquals(RecordBatch.MAX_EVENTS, second.get(10, TimeUnit.SECONDS));
    }

    /** Lingering shortened while the drain thread lingers: it does not wait out the old bound. */
    @Test
    void aShorterLingerEndsALongOne() throws Exception {
        EventQueue<TextEvent> q = new EventQueue<>(8, DevicePipeline.DEFAULT_QUEUE_BYTES,
                HOUR, TextEvent::new);
        offer(q, "first");
        CompletableFuture<List<String>> second = new CompletableFuture<>();
        Thread drain = new Thread(() -> {
            RecordBatch b = batch();
            q.drainTo(b, HOUR);
            q.drainTo(b, HOUR);
            second.complete(messages(b));
        });
        drain.start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> q.size() == 0);
        awaitWaiting(drain);
        offer(q, "queued while lingering for an hour");
        q.setLinger(TimeUnit.MILLISECONDS.toNanos(1));
        assertEquals(List.of("queued while lingering for an hour"), second.get(10, TimeUnit.SECONDS));
    }

    /** The writer role: a logging thread takes it when it is free, and writes through its event. */
    @Test
    void aLoggingThreadTakesTheFreeWriterRoleAndWritesThroughItsEvent() {
        EventQueue<TextEvent> q = queue(8);
        offer(q, "before");
        TextEvent mine = q.tryReserve();
        long seq = mine.seq;
        q.publish(mine.set("mine", Level.ERROR, 0, null));
        offer(q, "after");
        assertEquals(EventQueue.MY_TURN, q.awaitTurn(seq, 0));
        assertTrue(q.isWriterThread());
        RecordBatch b = batch();
        assertEquals(3, q.takeBatch(b));
        assertEquals(List.of("before", "mine", "after"), messages(b));
        assertTrue(q.batchWritten(seq));
        assertFalse(q.isWriterThread());
        assertEquals(EventQueue.WRITTEN, q.awaitTurn(seq, 0));
    }

    /**
     * Group commit: while one thread writes, another whose event is in that write waits and
     * finds it written; the drain thread waits for the role too.
     */
    @Test
    void aThreadWhoseEventAnotherIsWritingWaitsForThatWrite() throws Exception {
        EventQueue<TextEvent> q = queue(8);
        TextEvent first = q.tryReserve();
        TextEvent second = q.tryReserve();
        q.publish(first.set("one", Level.ERROR, 0, null));
        q.publish(second.set("two", Level.ERROR, 0, null));
        assertEquals(EventQueue.MY_TURN, q.awaitTurn(first.seq, 0));
        long secondSeq = second.seq;
        CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> q.awaitTurn(secondSeq, 0));
        CompletableFuture<Integer> drain = CompletableFuture.supplyAsync(() -> q.drainTo(batch(), HOUR));
        RecordBatch b = batch();
        assertEquals(2, q.takeBatch(b)); // both, in one write
        await().atMost(10, TimeUnit.SECONDS).until(() -> !other.isDone() && !drain.isDone());
        assertTrue(q.batchWritten(first.seq));
        assertEquals(EventQueue.WRITTEN, other.get(10, TimeUnit.SECONDS));
        offer(q, "after");
        assertEquals(1, drain.get(10, TimeUnit.SECONDS));
    }

    /**
     * This thread takes a batch as the drain thread does, and keeps the writer role, as a drain
     * thread in its write; an error is queued behind it.
     *
     * @return the error's sequence number
     */
    private static long anErrorBehindAWrite(EventQueue<TextEvent> q, String message) {
        offer(q, "held");
        assertEquals(1, q.drainTo(batch(), 0));
        TextEvent e = q.tryReserve();
        long seq = e.seq;
        q.publish(e.set(message, Level.ERROR, 0, null));
        return seq;
    }

    /** A deadline bounds the wait for the role; the event stays queued for the drain thread. */
    @Test
    void aWaitForTheWriterRoleEndsAtItsDeadline() throws Exception {
        EventQueue<TextEvent> q = queue(8);
        long seq = anErrorBehindAWrite(q, "waits");
        int turn = CompletableFuture.supplyAsync(() -> q.awaitTurn(seq, System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(20))).get(10, TimeUnit.SECONDS);
        assertEquals(EventQueue.TIMED_OUT, turn);
        assertEquals(List.of("waits"), drainOnce(q));
    }

    /** Once the drain thread is gone, a thread waiting for its event's write is told so. */
    @Test
    void aThreadWaitingForTheRoleIsToldWhenTheWriterIsGone() throws Exception {
        EventQueue<TextEvent> q = queue(8);
        long seq = anErrorBehindAWrite(q, "never written");
        CompletableFuture<Integer> turn = CompletableFuture.supplyAsync(() -> q.awaitTurn(seq, 0));
        await().atMost(10, TimeUnit.SECONDS).until(() -> !turn.isDone());
        q.writerGone();
        assertEquals(EventQueue.GIVEN_UP, turn.get(10, TimeUnit.SECONDS));
    }

    /** An interrupt does not end a wait for the writer role; the flag is kept. */
    @Test
    void anInterruptDoesNotEndAWaitForTheRoleAndTheFlagIsKept() throws Exception {
        EventQueue<TextEvent> q = queue(8);
        long seq = anErrorBehindAWrite(q, "mine");
        CompletableFuture<Boolean> flag = new CompletableFuture<>();
        CompletableFuture<Integer> turn = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            turn.complete(q.awaitTurn(seq, 0));
            flag.complete(Thread.currentThread().isInterrupted());
        });
        waiter.start();
        awaitWaiting(waiter);
        waiter.interrupt();
        awaitWaiting(waiter);
        assertFalse(turn.isDone(), "the interrupt ended the wait");
        q.releaseRole(); // this thread's write is done: the role is the waiter's
        assertEquals(EventQueue.MY_TURN, turn.get(10, TimeUnit.SECONDS));
        assertTrue(flag.get(10, TimeUnit.SECONDS));
    }

    /**
     * Many producers against one consumer and a small queue: every event arrives once, in each
     * producer's order, and the counts match a model.
     */
    @Test
    void manyProducersLoseNothingAndKeepTheirOrder() throws Exception {
        int producers = 8;
        int perProducer = 20_000;
        EventQueue<TextEvent> q = queue(64);
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perProducer; i++) {
                    // Mix every way of reserving; each must succeed on an open queue.
                    TextEvent e = switch (i % 3) {
                        case 0 -> q.reserve();
                        case 1 -> q.reserveUninterruptibly();
                        default -> q.reserve(1, TimeUnit.DAYS);
                    };
                    assertNotNull(e);
                    q.publish(e.set(id + ":" + i, Level.INFO, 0, null));
                }
                return null;
            }));
        }
        int[] next = new int[producers];
        long received = 0;
        RecordBatch b = batch();
        while (received < (long) producers * perProducer) {
            int n = q.drainTo(b, TimeUnit.SECONDS.toNanos(10));
            assertTrue(n > 0, "the producers stalled");
            for (String m : messages(b)) {
                String[] parts = m.split(":");
                int id = Integer.parseInt(parts[0]);
                assertEquals(next[id], Integer.parseInt(parts[1]), "producer " + id + " out of order");
                next[id]++;
            }
            received += n;
        }
        for (Future<?> f : done) {
            f.get(10, TimeUnit.SECONDS);
        }
        pool.shutdown();
        for (int p = 0; p < producers; p++) {
            assertEquals(perProducer, next[p]);
        }
        assertEquals((long) producers * perProducer, q.enqueued());
        assertEquals(0, q.size());
    }

    /**
     * The wake rule under load: 1 to 8 producers against a lingering drain thread, with resizes
     * meanwhile and threads writing their events through: nothing lost, duplicated or out of
     * order, and no thread stalls.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void underTheWakeRuleNothingIsLostOrReordered(int producers) throws Exception {
        int perProducer = 10_000;
        EventQueue<TextEvent> q = new EventQueue<>(64, DevicePipeline.DEFAULT_QUEUE_BYTES,
                TimeUnit.MICROSECONDS.toNanos(200), TextEvent::new);
        List<String> written = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread drain = new Thread(() -> {
            RecordBatch b = batch();
            while (!stop.get() || q.size() > 0) {
                if (q.drainTo(b, TimeUnit.MILLISECONDS.toNanos(5)) >= 0) {
                    synchronized (written) {
                        written.addAll(messages(b));
                    }
                }
            }
            q.drainTo(b, 0); // ends the last write
        });
        drain.start();
        ExecutorService pool = Executors.newFixedThreadPool(producers + 1);
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            done.add(pool.submit(() -> {
                RecordBatch own = batch();
                for (int i = 0; i < perProducer; i++) {
                    TextEvent e = q.reserveUninterruptibly();
                    long seq = e.seq;
                    q.publish(e.set(id + ":" + i, Level.INFO, 0, null));
                    if (i % 997 == 0 && q.awaitTurn(seq, 0) == EventQueue.MY_TURN) {
                        do {
                            q.takeBatch(own);
                            synchronized (written) {
                                written.addAll(messages(own));
                            }
                        } while (!q.batchWritten(seq));
                    }
                }
                return null;
            }));
        }
        done.add(pool.submit(() -> {
            for (int k = 0; k < 50; k++) {
                q.resize(k % 2 == 0 ? 16 : 128);
                Thread.yield();
            }
            return null;
        }));
        for (Future<?> f : done) {
            f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        stop.set(true);
        drain.join(TimeUnit.MINUTES.toMillis(1));
        assertFalse(drain.isAlive());
        int[] next = new int[producers];
        for (String m : written) {
            String[] parts = m.split(":");
            int id = Integer.parseInt(parts[0]);
            assertEquals(next[id], Integer.parseInt(parts[1]), "producer " + id + " out of order");
            next[id]++;
        }
        for (int p = 0; p < producers; p++) {
            assertEquals(perProducer, next[p], "events of producer " + p);
        }
    }

    @Test
    void aReservationLeavingFreeSlotsFailsOnceFewerAreFree() {
        EventQueue<TextEvent> q = queue(4);
        q.publish(q.tryReserveLeaving(3, false).set("a", Level.INFO, 0, null)); // 4 free
        q.publish(q.tryReserveLeaving(3, false).set("b", Level.INFO, 0, null)); // 3 free
        assertNull(q.tryReserveLeaving(3, false), "2 free, 3 asked for");
        assertNotNull(q.tryReserveLeaving(0, false), "0 asks for one free slot");
        assertEquals(3, q.size());
        assertEquals(3, q.enqueued());
    }
}
