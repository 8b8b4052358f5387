package io.github.kernellogger.logback;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.status.Status;
import io.github.kernellogger.core.Counters;
import io.github.kernellogger.core.Threads;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;

/**
 * What the Log4j2 appender guarantees, under Logback's own semantics: a full queue with
 * neverBlock and discardingThreshold, a missing device, stop() with maxFlushTime, an encoder that
 * throws, syncLevel.
 */
class GuaranteesTest {
    @RegisterExtension
    final LogbackFixture fixture = new LogbackFixture();

    private Counters counters() {
        return fixture.appender.pipeline().counters();
    }

    @Test
    void withNeverBlockAnEventThatFindsTheQueueFullIsDiscardedCountedAndNoticed() {
        fixture.start(a -> {
            a.setQueueSize(2);
            a.setDiscardingThreshold(0);
            a.setNeverBlock(true);
            a.setSyncLevel("OFF");
        });
        Semaphore gate = fixture.holdTheWriter(); // "first" is being written
        Logger logger = fixture.logger("app");
        logger.warn("a");
        logger.warn("b");
        logger.warn("c: no room"); // returns at once
        assertEquals(1, fixture.appender.pipeline().queue().discarded());
        fixture.release(gate);
        await().atMost(Threads.WAIT).until(() -> fixture.device.size() >= 4);
        assertEquals("first", fixture.device.messages().get(0));
        assertEquals("a", fixture.device.messages().get(1));
        assertEquals("b", fixture.device.messages().get(2));
        assertTrue(fixture.device.messages().get(3).contains("1 event was discarded"),
                fixture.device.messages().toString());
    }

    /**
     * A queue of one slot, full, its writer held: {@code waiter} logs a warning, which waits for
     * room; {@code meanwhile} runs while it waits; then the writer is let go.
     */
    private void waitForRoom(Thread waiter, Runnable meanwhile) throws InterruptedException {
        fixture.start(a -> {
            a.setQueueSize(1);
            a.setDiscardingThreshold(0);
            a.setSyncLevel("OFF");
        });
        Semaphore gate = fixture.holdTheWriter();
        fixture.logger("app").warn("fills the queue");
        waiter.start();
        Threads.awaitWaiting(waiter);
        meanwhile.run();
        fixture.release(gate);
        waiter.join(TimeUnit.SECONDS.toMillis(20));
        assertFalse(waiter.isAlive());
        assertEquals(0, fixture.appender.pipeline().queue().discarded());
    }

    @Test
    void withoutNeverBlockAWarningWaitsForRoomAndIsWritten() throws Exception {
        Thread waiter = new Thread(() -> fixture.logger("app").warn("waits"));
        waitForRoom(waiter, () -> assertTrue(waiter.isAlive()));
        await().atMost(Threads.WAIT).until(() -> fixture.device.messages().contains("waits"));
    }

    @Test
    void anInterruptDoesNotEndAWaitForRoomAndIsKept() throws Exception {
        AtomicBoolean keptInterrupt = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            fixture.logger("app").warn("waits through an interrupt");
            keptInterrupt.set(Thread.currentThread().isInterrupted());
        });
        waitForRoom(waiter, () -> {
            waiter.interrupt();
            Threads.awaitWaiting(waiter); // still waiting for room, as AsyncAppender's put
        });
        assertTrue(keptInterrupt.get(), "the interrupt status is the thread's own again");
        await().atMost(Threads.WAIT).until(() -> fixture.device.messages().contains("waits through an interrupt"));
    }

    @Test
    void belowTheDiscardingThresholdInfoIsGivenUpAndWarningsAreKept() {
        fixture.start(a -> {
            a.setQueueSize(10);
            a.setDiscardingThreshold(4);
            a.setSyncLevel("OFF");
        });
        Semaphore gate = fixture.holdTheWriter();
        Logger logger = fixture.logger("app");
        // "first" is out of the queue, being written: 10 free. 7 reserved while 4 or more
        // are free, then 2 given up.
        for (int i = 0; i < 9; i++) {
            logger.info("info {}", i);
        }
        logger.warn("kept");
        logger.debug("given up");
        assertEquals(3, fixture.appender.pipeline().queue().discarded());
        fixture.release(gate);
        await().atMost(Threads.WAIT).until(() -> fixture.device.messages().contains("kept"));
        assertTrue(fixture.device.messages().contains("info 6"));
        assertFalse(fixture.device.messages().contains("info 7"));
    }

    @Test
    void aMissingDeviceAtStartIsOneWarningAndItsReturnIsWrittenTo() {
        fixture.device.failOpens.set(Integer.MAX_VALUE);
        fixture.start(a -> a.setReconnectDelayMillis(20));
        assertTrue(fixture.appender.isStarted(), "the application starts all the same");
        // A warning: Spring Boot fails an application whose Logback configuration has errors.
        assertEquals(List.of(), fixture.statuses(Status.ERROR));
        assertEquals(1, fixture.statuses(Status.WARN).size(), fixture.statuses(Status.WARN).toString());
        assertTrue(fixture.statuses(Status.WARN).get(0).contains("cannot open the device"));
        fixture.logger("app").info("while missing");
        await().atMost(Threads.WAIT).until(() -> counters().lost == 1);
        fixture.device.failOpens.set(0);
        await().atMost(Threads.WAIT).until(() -> fixture.appender.pipeline().connection().isConnected());
        fixture.logger("app").info("after");
        await().atMost(Threads.WAIT).until(() -> fixture.device.messages().contains("after"));
        assertTrue(fixture.statuses(Status.INFO).stream().anyMatch(s -> s.contains("writing to the device again")));
    }

    @Test
    void whileTheDeviceIsMissingEventsGoToTheAttachedAppender() {
        fixture.device.failOpens.set(Integer.MAX_VALUE);
        ListAppender<ILoggingEvent> fallback = new ListAppender<>();
        fallback.setContext(fixture.context);
        fallback.start();
        fixture.start(a -> a.addAppender(fallback));
        fixture.logger("app").info("to the fallback");
        assertEquals("to the fallback", fallback.list.get(0).getFormattedMessage());
        assertEquals(1, counters().toErrorRef.sum());
    }

    @Test
    void stopGivesUpAtMaxFlushTimeAndSaysWhatWasLost() {
        fixture.start(a -> {
            a.setMaxFlushTime(50);
            a.setSyncLevel("OFF");
        });
        Semaphore gate = fixture.holdTheWriter();
        for (int i = 0; i < 5; i++) {
            fixture.logger("app").info("queued {}", i);
        }
        // The writer is held in a write until stop() has given up on it; then let go.
        Thread releaser = new Thread(() -> {
            await().atMost(Threads.WAIT).until(() -> !fixture.statuses(Status.ERROR).isEmpty());
            fixture.release(gate);
        });
        releaser.start();
        fixture.appender.stop();
        assertFalse(fixture.appender.isStarted());
        await().atMost(Threads.WAIT).until(() -> !fixture.appender.pipeline().drainThread().isAlive());
        assertEquals(5, counters().lost);
        assertTrue(fixture.statuses(Status.ERROR).stream()
                .anyMatch(s -> s.contains("5 events were still queued at the shutdown deadline")),
                fixture.statuses(Status.ERROR).toString());
    }

    @Test
    void stopWritesWhatIsQueued() {
        fixture.start(a -> a.setSyncLevel("OFF"));
        for (int i = 0; i < 100; i++) {
            fixture.logger("app").info("event {}", i);
        }
        fixture.appender.stop();
        assertEquals(100, fixture.device.size(), "all written when stop() returned");
        assertFalse(fixture.appender.pipeline().drainThread().isAlive());
    }

    /** An encoder that fails on one message, as a buggy one would. */
    static final class FailingEncoder extends EncoderBase<ILoggingEvent> {
        @Override
        public byte[] headerBytes() {
            return null;
        }

        @Override
        public byte[] encode(ILoggingEvent event) {
            if (event.getFormattedMessage().equals("bad")) {
                throw new IllegalStateException("the encoder failed");
            }
            return ("encoded " + event.getFormattedMessage()).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] footerBytes() {
            return null;
        }
    }

    @Test
    void anEncoderThatThrowsLosesThatEventAloneAndSaysSo() {
        FailingEncoder encoder = new FailingEncoder();
        encoder.setContext(fixture.context);
        encoder.start();
        fixture.start(a -> {
            a.setEncoder(encoder);
            a.setSyncLevel("OFF");
        });
        fixture.logger("app").info("bad");
        fixture.logger("app").info("good");
        await().atMost(Threads.WAIT).until(() -> fixture.device.messages().contains("encoded good"));
        assertEquals(1, counters().lost);
        assertTrue(fixture.statuses(Status.ERROR).stream()
                .anyMatch(s -> s.contains("an event could not be written and is lost")));
        assertTrue(fixture.appender.pipeline().drainThread().isAlive());
    }

    @Test
    void anErrorIsOnTheDeviceWithWhatCameBeforeItWhenItsCallReturns() {
        fixture.start(a -> a.setLingerMicros(1_000_000)); // the drain thread would wait a second
        Logger logger = fixture.logger("app");
        logger.info("before");
        logger.error("synced");
        // No waiting: the logging thread wrote it.
        assertEquals(List.of("before", "synced"), fixture.device.messages());
        assertEquals(1, counters().synced.sum());
    }

    @Test
    void aBadSettingIsAWarningAndItsDefaultIsUsed() {
        fixture.start(a -> {
            a.setSyncLevel("LOUD");
            a.setQueueSize(0);
        });
        assertTrue(fixture.appender.isStarted());
        assertEquals(List.of(), fixture.statuses(Status.ERROR));
        assertTrue(fixture.statuses(Status.WARN).get(0).contains("queueSize 0 is out of range"));
        assertTrue(fixture.statuses(Status.WARN).get(1).contains("syncLevel LOUD is not a level"));
        assertEquals(8192, fixture.appender.pipeline().queue().capacity());
        fixture.logger("app").error("synced, as by default");
        assertEquals(List.of("synced, as by default"), fixture.device.messages());
    }
}
