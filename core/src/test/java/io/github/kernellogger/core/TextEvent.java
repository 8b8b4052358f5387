package io.github.kernellogger.core;

import io.github.kernellogger.device.SyslogLevel;
import java.nio.charset.StandardCharsets;

/**
 * A slot holding a line of text, as a framework's adapter holds an event: for the tests of the
 * queue and the writer, which need no logging framework.
 */
final class TextEvent extends QueuedEvent {
    String message;
    Object level;
    long time;
    EventOrigin origin;

    /** Fills the slot. */
    TextEvent set(String message, Object level, long time, EventOrigin origin) {
        this.message = message;
        this.level = level;
        this.time = time;
        this.origin = origin;
        return this;
    }

    /** A message that makes encoding fail, as a layout's bug would. */
    static final String FAILS = "fails to encode";

    @Override
    protected void encode(FrameBuffer frame, boolean framed) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        if (message.equals(FAILS)) {
            frame.begin(SyslogLevel.INFO, 0);
            throw new IllegalStateException(FAILS);
        }
        frame.begin(SyslogLevel.INFO, 0);
        frame.endFields();
        frame.writeBytes(text, 0, text.length);
        frame.finish(0);
    }

    @Override
    protected EventOrigin origin() {
        return origin;
    }

    @Override
    protected Object level() {
        return level;
    }

    @Override
    protected long timeMillis() {
        return time;
    }

    @Override
    protected void release(int keepBytes) {
        message = null;
        level = null;
        origin = null;
    }

    @Override
    protected long retainedBytes() {
        return 0;
    }
}
