package io.github.kernellogger.core;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutBlockingWaitStrategy;
import com.lmax.disruptor.TimeoutException;
import io.github.kernellogger.device.SyslogLevel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Control;

/**
 * The appender's queue against the JDK's and the fastest ones there are: producers hand over a
 * captured event of 100 bytes, one consumer takes batches of up to 512 and lays them out for one
 * write, as the appender's drain thread does. The producer count comes from JMH's thread groups:
 * {@code -tg 1,N} (JMH orders a group's methods by name, so the one consumer comes first).
 *
 * <p>Each queue is used the way an appender built on it would be, to the same end: the events'
 * bytes laid out back to back in a direct buffer.
 * <ul>
 *   <li>{@code EventQueue}, as the appender uses it: a slot reserved under the lock, filled
 *       outside it and published; the consumer lingers 1 ms after a batch, woken by a
 *       reservation only when idle or when a full batch waits, and encodes each event as a frame
 *       (header and message) into the batch.</li>
 *   <li>{@code Disruptor} (LMAX, as Log4j's async loggers use it): a ring of preallocated
 *       events, a slot claimed and published by sequence, the consumer waiting with Log4j's
 *       default {@code TimeoutBlockingWaitStrategy}, which signals it on every publish; a
 *       producer that finds the ring full parks 1 ns and tries again, as the Disruptor's own
 *       {@code next()} does.</li>
 *   <li>{@code MpscArrayQueue} (JCTools): lock-free, multi-producer single-consumer, of
 *       references, so each event is a copy, allocated; lock-free means no wake-up either: a
 *       consumer that finds it empty parks 50 µs, and a producer that finds it full parks 1 ns.</li>
 *   <li>{@code ArrayBlockingQueue}, {@code LinkedBlockingQueue}: of references, a copy per event;
 *       the consumer drains what there is, or waits up to 1 ms for one.</li>
 * </ul>
 * Waits are bounded (1 ms) so that no thread blocks past the end of an iteration.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class QueueBenchmark {
    static final int CAPACITY = 8192;
    static final int EVENT_BYTES = 100;
    static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long the lock-free queue's consumer parks when it finds nothing. */
    static final long IDLE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    @Param({"EventQueue", "Disruptor", "MpscArrayQueue", "ArrayBlockingQueue", "LinkedBlockingQueue"})
    public String queue;

    private Handoff handoff;

    /** One way of handing events from producers to one consumer. */
    interface Handoff {
        /** @return false if the producer may give up (the queue is full) */
        boolean offer(byte[] event) throws InterruptedException;

        int drain() throws InterruptedException;
    }

    /** EventQueue's slot here: an event's captured bytes, framed when taken. */
    static final class BytesEvent extends QueuedEvent {
        final byte[] bytes = new byte[EVENT_BYTES];

        @Override
        protected void encode(FrameBuffer frame, boolean framed) {
            frame.begin(SyslogLevel.INFO, 0);
            frame.endFields();
            frame.writeBytes(bytes, 0, bytes.length);
            frame.finish(0);
        }

        @Override
        protected EventOrigin origin() {
            return null;
        }

        @Override
        protected Object level() {
            return null;
        }

        @Override
        protected long timeMillis() {
            return 0;
        }

        @Override
        protected void release(int keepBytes) {
            // nothing refers elsewhere
        }

        @Override
        protected long retainedBytes() {
            return bytes.length;
        }
    }

    static final class Ours implements Handoff {
        private final EventQueue<BytesEvent> q = new EventQueue<>(CAPACITY,
                DevicePipeline.DEFAULT_QUEUE_BYTES,
                TimeUnit.MICROSECONDS.toNanos(DevicePipeline.DEFAULT_LINGER_MICROS), BytesEvent::new);
        private final RecordBatch batch = new RecordBatch("/dev/logger");

        Ours() {
            batch.prepare(true, DeviceConnection.DEFAULT_MAX_PAYLOAD, RecordBatch.STANDARD_BYTES);
        }

        @Override
        public boolean offer(byte[] event) throws InterruptedException {
            BytesEvent slot = q.reserve(WAIT_NANOS, TimeUnit.NANOSECONDS);
            if (slot == null) {
                return false;
            }
            System.arraycopy(event, 0, slot.bytes, 0, EVENT_BYTES);
            q.publish(slot);
            return true;
        }

        @Override
        public int drain() {
            int n = q.drainTo(batch, WAIT_NANOS);
            // The batch is "written": let the role go now, as JMH may call the next drain on
            // another of its threads (the drain thread lets it go at its next take).
            q.releaseRole();
            return n;
        }
    }

    /** The Disruptor's slot: an event's bytes, copied in by the producer. */
    static final class DisruptorEvent {
        final byte[] bytes = new byte[EVENT_BYTES];
    }

    static final class Disruptor implements Handoff {
        private final RingBuffer<DisruptorEvent> ring = RingBuffer.createMultiProducer(
                DisruptorEvent::new, CAPACITY, new TimeoutBlockingWaitStrategy(1, TimeUnit.MILLISECONDS));
        private final Sequence consumed = new Sequence();
        private final SequenceBarrier barrier = ring.newBarrier();
        private final ByteBuffer records = ByteBuffer.allocateDirect(256 * 1024);

        Disruptor() {
            ring.addGatingSequences(consumed);
        }

        @Override
        public boolean offer(byte[] event) {
            long seq;
            try {
                seq = ring.tryNext();
            } catch (InsufficientCapacityException e) {
                LockSupport.parkNanos(1);
                return false;
            }
            System.arraycopy(event, 0, ring.get(seq).bytes, 0, EVENT_BYTES);
            ring.publish(seq);
            return true;
        }

        @Override
        public int drain() throws InterruptedException {
            long next = consumed.get() + 1;
            long available;
            try {
                available = barrier.waitFor(next);
            } catch (TimeoutException | AlertException e) {
                return 0;
            }
            long last = Math.min(available, next + RecordBatch.MAX_EVENTS - 1);
            records.clear();
            for (long s = next; s <= last; s++) {
                records.put(ring.get(s).bytes);
            }
            consumed.set(last);
            return (int) (last - next + 1);
        }
    }

    static final class Mpsc implements Handoff {
        private final MpscArrayQueue<byte[]> q = new MpscArrayQueue<>(CAPACITY);
        private final ByteBuffer records = ByteBuffer.allocateDirect(256 * 1024);

        @Override
        public boolean offer(byte[] event) {
            if (q.offer(Arrays.copyOf(event, EVENT_BYTES))) {
                return true;
            }
            LockSupport.parkNanos(1);
            return false;
        }

        @Override
        public int drain() {
            records.clear();
            int n = q.drain(records::put, RecordBatch.MAX_EVENTS);
            if (n == 0) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
            return n;
        }
    }

    static final class Jdk implements Handoff {
        private final BlockingQueue<byte[]> q;
        private final List<byte[]> batch = new ArrayList<>(RecordBatch.MAX_EVENTS);
        private final ByteBuffer records = ByteBuffer.allocateDirect(256 * 1024);

        Jdk(BlockingQueue<byte[]> q) {
            this.q = q;
        }

        @Override
        public boolean offer(byte[] event) throws InterruptedException {
            return q.offer(Arrays.copyOf(event, EVENT_BYTES), WAIT_NANOS, TimeUnit.NANOSECONDS);
        }

        @Override
        public int drain() throws InterruptedException {
            int n = q.drainTo(batch, RecordBatch.MAX_EVENTS);
            if (n == 0) {
                byte[] one = q.poll(WAIT_NANOS, TimeUnit.NANOSECONDS);
                if (one == null) {
                    return 0;
                }
                batch.add(one);
                n = 1;
            }
            records.clear();
            for (byte[] event : batch) {
                records.put(event);
            }
            batch.clear();
            return n;
        }
    }

    @Setup
    public void setUp() {
        handoff = switch (queue) {
            case "EventQueue" -> new Ours();
            case "Disruptor" -> new Disruptor();
            case "MpscArrayQueue" -> new Mpsc();
            case "ArrayBlockingQueue" -> new Jdk(new ArrayBlockingQueue<>(CAPACITY));
            case "LinkedBlockingQueue" -> new Jdk(new LinkedBlockingQueue<>(CAPACITY));
            default -> throw new IllegalArgumentException(queue);
        };
    }

    /** Each producer thread's event: captured bytes it hands over, as an appender's caller does. */
    @State(Scope.Thread)
    public static class Producer {
        final byte[] event = new byte[EVENT_BYTES];
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public boolean produce(Producer p, Control control) throws InterruptedException {
        while (!handoff.offer(p.event)) {
            if (control.stopMeasurement) {
                return false;
            }
        }
        return true;
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public int consume() throws InterruptedException {
        return handoff.drain();
    }
}
