package io.github.kernellogger.appender;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    /** An event's frame, as the appender queues it, with the message {@code s}. */
    private static ByteBuffer bytes(String s) {
        return frame(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer frame(byte[] message) {
        ByteBuffer b = EventEncoder.encode(message, 4 << 20).bytes();
        return ByteBuffer.wrap(java.util.Arrays.copyOf(b.array(), b.limit()));
    }

    /** One drain, as the payload strings. */
    private static List<String> drainOnce(EventQueue q) throws InterruptedException {
        List<String> out = new ArrayList<>();
        RecordBatch b = new RecordBatch("/dev/logger");
        int n = q.drainTo(b, 0, RecordBatch.STANDARD_BYTES);
        for (int i = 0; i < n; i++) {
            out.add(new String(b.payload(i), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Drains everything there is now, as the payload strings. */
    private static List<String> drain(EventQueue q) throws InterruptedException {
        List<String> out = new ArrayList<>();
        RecordBatch b = new RecordBatch("/dev/logger");
        int n;
        while ((n = q.drainTo(b, 0, RecordBatch.STANDARD_BYTES)) > 0) {
            for (int i = 0; i < n; i++) {
                out.add(new String(b.payload(i), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void awaitWaiting(Thread t) {
        await().atMost(10, TimeUnit.SECONDS).until(() ->
                t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
    }

    @Test
    void keepsOrderAndRefusesWhenFull() throws Exception {
        EventQueue q = new EventQueue(3, KernelDeviceAppender.DEFAULT_QUEUE_BYTES);
        assertTrue(q.offer(bytes("a"), Level.INFO, 1, null));
        assertTrue(q.offer(bytes("b"), Level.INFO, 2, null));
        assertTrue(q.offer(bytes("c"), Level.INFO, 3, null));
        assertFalse(q.offer(bytes("d"), Level.INFO, 4, null));
        assertFalse(q.offer(bytes("d"), Level.INFO, 4, null, 1, TimeUnit.MILLISECONDS));
        assertEquals(3, q.size());
        assertEquals(List.of("a", "b", "c"), drain(q));
        assertTrue(q.offer(bytes("e"), Level.INFO, 5, null));
        assertEquals(List.of("e"), drain(q));
        assertEquals(4, q.enqueued());
    }

    @Test
    void aBatchIsTheFramesBackToBack() throws Exception {
        EventQueue q = new EventQueue(8, KernelDeviceAppender.DEFAULT_QUEUE_BYTES);
        ByteBuffer first = bytes("boom");
        ByteBuffer second = bytes("second one");
        q.offer(first.duplicate(), Level.ERROR, 7, "origin");
        q.offer(second.duplicate(), Level.INFO, 8, null);
        RecordBatch b = new RecordBatch("/dev/logger");
        assertEquals(2, q.drainTo(b, 0, RecordBatch.STANDARD_BYTES));
        ByteBuffer r = b.frames(0, b.frames());
        byte[] written = new byte[r.remaining()];
        r.get(written);
        ByteBuffer both = ByteBuffer.allocate(first.remaining() + second.remaining()).put(first).put(second);
        assertArrayEquals(both.array(), written);
        assertEquals(Level.ERROR, b.level(0));
        assertEquals(7, b.timeMillis(0));
        assertEquals("origin", b.origin(0));
        assertEquals("boom", new String(b.payload(0), StandardCharsets.UTF_8));
    }

    @Test
    void aBatchStopsAtTheMostBytesTheDeviceTakes() throws Exception {
        EventQueue q = new EventQueue(8, KernelDeviceAppender.DEFAULT_QUEUE_BYTES);
        for (int i = 0; i < 5; i++) {
            q.offer(bytes("x".repeat(984)), Level.INFO, 0, null); // frames of 1000 bytes
        }
        RecordBatch b = new RecordBatch("/dev/logger");
        // Room for three, and for a notice of discards after them.
        assertEquals(3, q.drainTo(b, 0, 3200));
        assertEquals(2, q.drainTo(b, 0, 3200));
    }

    @Test
    void anIdleDrainTimesOutWithNothing() throws Exception {
        EventQueue q = new EventQueue(2, KernelDeviceAppender.DEFAULT_QUEUE_BYTES);
        RecordBatch b = new RecordBatch("/dev/logger");
        assertEquals(0, q.drainTo(b, TimeUnit.MILLISECONDS.toNanos(5), RecordBatch.STANDARD_BYTES));
        assertEquals(0, b.size());
        assertEquals(0, b.discardedAfter());
    }

    @Test
    void discardsAreReportedWhereTheyHappenedAndOnlyOnce() throws Exception {
        EventQueue q = new EventQueue(4, KernelDeviceAppender.DEFAULT_QUEUE_BYTES);
        q.offer(bytes("a"), Level.INFO, 0, null);
        q.countDiscarded();
        q.countDiscarded();
        q.offer(bytes("b"), Level.INFO, 0, null);
        q.countDiscarded();
        RecordBatch b = new RecordBatch("/dev/logger");
        assertEquals(2, q.drainTo(b, 0, RecordBatch.STANDARD_BYTES));
        assertEquals(0, b.discardedBefore(0));
        assertEquals(2, b.discardedBefore(1)); // lost between a and b
        assertEquals(1, b.discardedAfter()); // lost after b, nothing since
        assertEquals(0, q.drainTo(b, 0, RecordBatch.STANDARD_BYTES));
        assertEquals(0, b.discardedAfter());
        q.countDiscarded();
        assertEquals(0, q.drainTo(b, 0, RecordBatch.STANDARD_BYTES)); // discards alone wake the consumer
        assertEquals(1, b.discardedAfter());
        assertEquals(4, q.discarded());
    }

    @Test
    void discardsAfterEventsLeftForTheNextBatchWaitForThem() throws Exception {
        EventQueue q = new EventQueue(4, KernelDeviceAppender.DEFAULT_QUEUE_BYTES);
        ByteBuffer big = frame(new byte[200 * 1024]); // two do not fit in one batch
        q.offer(big.duplicate(), Level.INFO, 0, null);
        q.offer(big.duplicate(), Level.WARN, 0, null);
        q.countDiscarded();
        RecordBatch b = new RecordBatch("/dev/logger");
        assertEquals(1, q.drainTo(b, 0, RecordBatch.STANDARD_BYTES));
        assertEquals(0, b.discardedAfter()); // the loss came after the second, still queued
        assertEquals(1, q.size());
        assertEquals(1, q.drainTo(b, 0, RecordBatch.STANDARD_BYTES));
        assertEquals(Level.WARN, b.level(0));
        assertEquals(1, b.discardedAfter());
    }

    @Test
    void eventsThatWrapRoundTheRingComeOutInOrder() throws Exception {
        EventQueue q = new EventQueue(4, KernelDeviceAppender.DEFAULT_QUEUE_BYTES);
        for (String s : List.of("a", "b", "c")) {
            q.offer(bytes(s), Level.INFO, 0, null);
        }
        assertEquals(List.of("a", "b", "c"), drainOnce(q));
        for (String s : List.of("d", "e", "f", "g")) { // slots 3, 0, 1, 2
            q.offer(bytes(s), Level.INFO, 0, null);
        }
        assertEquals(List.of("d", "e", "f", "g"), drainOnce(q));
    }

    @Test
    void putWaitsForRoom() throws Exception {
        EventQueue q = new EventQueue(1, KernelDeviceAppender.DEFAULT_QUEUE_BYTES);
        q.offer(bytes("first"), Level.INFO, 0, null);
        Thread producer = new Thread(() -> {
            try {
                q.put(bytes("second"), Level.INFO, 0, null);
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
        EventQueue q = new EventQueue(1, KernelDeviceAppender.DEFAULT_QUEUE_BYTES);
        q.offer(bytes("first"), Level.INFO, 0, null);
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread producer = new Thread(() -> {
            try {
                q.put(bytes("second"), Level.INFO, 0, null);
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
        EventQueue q = new EventQueue(4, KernelDeviceAppender.DEFAULT_QUEUE_BYTES);
        Thread.currentThread().interrupt();
        try {
            assertTrue(q.put(bytes("put"), Level.INFO, 0, null));
            assertTrue(q.offer(bytes("offer"), Level.INFO, 0, null, 1, TimeUnit.DAYS));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of("put", "offer"), drain(q));
    }

    @Test
    void putUninterruptiblyWaitsThroughInterruptsAndKeepsTheFlag() throws Exception {
        EventQueue q = new EventQueue(1, KernelDeviceAppender.DEFAULT_QUEUE_BYTES);
        q.offer(bytes("first"), Level.INFO, 0, null);
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            assertTrue(q.putUninterruptibly(bytes("severe"), Level.ERROR, 0, null));
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
        EventQueue q = new EventQueue(1, KernelDeviceAppender.DEFAULT_QUEUE_BYTES);
        q.offer(bytes("kept"), Level.INFO, 0, null);
        CompletableFuture<Boolean> put = new CompletableFuture<>();
        Thread producer = new Thread(() -> put.complete(q.putUninterruptibly(bytes("late"), Level.ERROR, 0, null)));
        producer.start();
        awaitWaiting(producer);
        q.close();
        assertFalse(put.get(10, TimeUnit.SECONDS));
        assertFalse(q.offer(bytes("x"), Level.INFO, 0, null));
        RecordBatch b = new RecordBatch("/dev/logger");
        assertEquals(1, q.drainTo(b, 0, RecordBatch.STANDARD_BYTES));
        assertEquals(-1, q.drainTo(b, 0, RecordBatch.STANDARD_BYTES));
    }

    @Test
    void resizeKeepsEveryEventInOrder() throws Exception {
        EventQueue q = new EventQueue(4, KernelDeviceAppender.DEFAULT_QUEUE_BYTES);
        for (String s : List.of("a", "b", "c")) {
            q.offer(bytes(s), Level.INFO, 0, null);
        }
        RecordBatch b = new RecordBatch("/dev/logger");
        q.drainTo(b, 0, RecordBatch.STANDARD_BYTES); // takeIndex moves, so the events wrap
        for (String s : List.of("d", "e", "f", "g")) {
            q.offer(bytes(s), Level.INFO, 0, null);
        }
        q.resize(2); // below the 4 held: raised to 4
        assertEquals(4, q.capacity());
        q.resize(16);
        assertEquals(16, q.capacity());
        assertTrue(q.offer(bytes("h"), Level.INFO, 0, null));
        assertEquals(List.of("d", "e", "f", "g", "h"), drain(q));
        assertThrows(IllegalArgumentException.class, () -> q.resize(0));
    }

    @Test
    void aBatchTakesAnyFirstEventAndStopsAtItsLimits() throws Exception {
        EventQueue q = new EventQueue(RecordBatch.MAX_EVENTS + 10, KernelDeviceAppender.DEFAULT_QUEUE_BYTES);
        q.offer(frame(new byte[1 << 20]), Level.INFO, 0, null);
        for (int i = 0; i < RecordBatch.MAX_EVENTS + 5; i++) {
            q.offer(bytes("e" + i), Level.INFO, 0, null);
        }
        RecordBatch b = new RecordBatch("/dev/logger");
        assertEquals(1, q.drainTo(b, 0, RecordBatch.STANDARD_BYTES)); // the big one fills a batch of its own
        assertEquals(1 << 20, b.payload(0).length);
        assertEquals(RecordBatch.MAX_EVENTS, q.drainTo(b, 0, RecordBatch.STANDARD_BYTES));
        assertEquals(5, q.drainTo(b, 0, RecordBatch.STANDARD_BYTES));
    }

    @Test
    void aResizeDuringADrainTakesEffectAfterIt() throws Exception {
        EventQueue q = new EventQueue(2, KernelDeviceAppender.DEFAULT_QUEUE_BYTES);
        q.offer(bytes("a"), Level.INFO, 0, null);
        q.offer(bytes("b"), Level.INFO, 0, null);
        q.resize(4);
        RecordBatch b = new RecordBatch("/dev/logger");
        assertEquals(2, q.drainTo(b, 0, RecordBatch.STANDARD_BYTES));
        assertEquals("b", new String(b.payload(1), StandardCharsets.UTF_8));
        assertEquals(4, q.capacity());
        assertEquals(0, q.size());
    }

    /**
     * Many producers against one consumer and a small queue: every event arrives once, in each
     * producer's order, and the counts match a model.
     */
    @Test
    void manyProducersLoseNothingAndKeepTheirOrder() throws Exception {
        int producers = 8;
        int perProducer = 20_000;
        EventQueue q = new EventQueue(64, KernelDeviceAppender.DEFAULT_QUEUE_BYTES);
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perProducer; i++) {
                    // Mix every way of putting; each must succeed on an open queue.
                    ByteBuffer b = bytes(id + ":" + i);
                    boolean ok = switch (i % 3) {
                        case 0 -> q.put(b, Level.INFO, 0, null);
                        case 1 -> q.putUninterruptibly(b, Level.ERROR, 0, null);
                        default -> q.offer(b, Level.INFO, 0, null, 1, TimeUnit.DAYS);
                    };
                    assertTrue(ok);
                }
                return null;
            }));
        }
        int[] next = new int[producers];
        long received = 0;
        RecordBatch b = new RecordBatch("/dev/logger");
        while (received < (long) producers * perProducer) {
            int n = q.drainTo(b, TimeUnit.SECONDS.toNanos(10), RecordBatch.STANDARD_BYTES);
            assertTrue(n > 0, "the producers stalled");
            for (int i = 0; i < n; i++) {
                String[] parts = new String(b.payload(i), StandardCharsets.UTF_8).split(":");
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
}
