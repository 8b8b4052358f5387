package io.github.kernellogger.appender;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
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
 * The appender's queue against the JDK's: producers hand over a formatted event of 100 bytes,
 * one consumer drains in batches, as the appender's drain thread does. The producer count comes
 * from JMH's thread groups: {@code -tg 1,N} (JMH orders a group's methods by name, so the one
 * consumer comes first).
 *
 * <p>Each queue is used the way an appender built on it would be, to the same end: the events'
 * frames laid out back to back in a direct buffer, ready for one framed write. EventQueue's
 * drain does that itself; a BlockingQueue of byte[] needs a copy of each event (the encoded
 * bytes live in a buffer that is reused), which is allocated, and its consumer lays the arrays it
 * drained out the same way. Waits are bounded (1 ms) so that no thread blocks past the end of
 * an iteration.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class QueueBenchmark {
    static final int CAPACITY = 8192;
    static final int EVENT_BYTES = 100;
    static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    @Param({"EventQueue", "ArrayBlockingQueue", "LinkedBlockingQueue"})
    public String queue;

    private Handoff handoff;

    /** One way of handing events from producers to one consumer. */
    interface Handoff {
        boolean offer(ByteBuffer event) throws InterruptedException;

        int drain() throws InterruptedException;
    }

    static final class Ours implements Handoff {
        private final EventQueue q = new EventQueue(CAPACITY, KernelDeviceAppender.DEFAULT_QUEUE_BYTES);
        private final RecordBatch batch = new RecordBatch("/dev/logger");

        @Override
        public boolean offer(ByteBuffer event) throws InterruptedException {
            return q.offer(event, Level.INFO, 0L, null, WAIT_NANOS, TimeUnit.NANOSECONDS);
        }

        @Override
        public int drain() throws InterruptedException {
            return q.drainTo(batch, WAIT_NANOS, RecordBatch.STANDARD_BYTES);
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
        public boolean offer(ByteBuffer event) throws InterruptedException {
            byte[] copy = Arrays.copyOfRange(event.array(), event.position(), event.limit());
            return q.offer(copy, WAIT_NANOS, TimeUnit.NANOSECONDS);
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
            case "ArrayBlockingQueue" -> new Jdk(new ArrayBlockingQueue<>(CAPACITY));
            case "LinkedBlockingQueue" -> new Jdk(new LinkedBlockingQueue<>(CAPACITY));
            default -> throw new IllegalArgumentException(queue);
        };
    }

    /** Each producer thread's event: formatted bytes in a buffer it reuses, as EventEncoder's. */
    @State(Scope.Thread)
    public static class Producer {
        final ByteBuffer event = ByteBuffer.wrap(new byte[EVENT_BYTES]);
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
