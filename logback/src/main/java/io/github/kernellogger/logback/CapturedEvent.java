package io.github.kernellogger.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.kernellogger.core.EventOrigin;
import io.github.kernellogger.core.FrameBuffer;
import io.github.kernellogger.core.QueuedEvent;

/**
 * A slot of the queue, for Logback: the event as its logging thread left it. Logback's own
 * {@code AsyncAppender} hands the event itself to its worker after
 * {@link ILoggingEvent#prepareForDeferredProcessing()}, which formats the message and copies the
 * MDC and the thread's name there, on the caller; so does this appender, and keeps besides what
 * the event cannot give later: the id of the thread that logged (Logback's event has none).
 * The writer formats it ({@link EventEncoder}) and lets go of it once written ({@link #release}):
 * a slot keeps no event, appender or application object alive between events.
 */
final class CapturedEvent extends QueuedEvent {
    private ILoggingEvent event;
    private long threadId;
    private KernelDeviceAppender appender;

    /** Fills the slot, on the logging thread, with an event already prepared for deferral. */
    void capture(ILoggingEvent event, long threadId, KernelDeviceAppender appender) {
        this.event = event;
        this.threadId = threadId;
        this.appender = appender;
    }

    @Override
    protected void encode(FrameBuffer frame, boolean framed) {
        appender.encoder().encode(event, threadId, frame, framed);
    }

    @Override
    protected EventOrigin origin() {
        return appender.origin();
    }

    @Override
    protected Object level() {
        return event.getLevel();
    }

    @Override
    protected long timeMillis() {
        return event.getTimeStamp();
    }

    @Override
    protected void release(int keepBytes) {
        event = null;
        appender = null;
    }

    /** Nothing: the slot refers to the event Logback made, and keeps no buffer of its own. */
    @Override
    protected long retainedBytes() {
        return 0;
    }
}
