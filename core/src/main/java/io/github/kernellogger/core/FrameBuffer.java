package io.github.kernellogger.core;

import io.github.kernellogger.device.Frames;
import io.github.kernellogger.device.LoggerAbi;
import io.github.kernellogger.device.SyslogLevel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Frames being built, each as the device stores it as one record ({@code struct logger_frame},
 * see {@link Frames}): header, fields, then the message, without a trailing line break and cut
 * to fit the device's max_payload with a visible {@code ...[truncated N bytes]} ending. The
 * message grows up to what max_payload leaves it and beyond that is only counted, so an event
 * of any size costs at most max_payload bytes here. Frames follow each other from the start
 * ({@link #clear}): a batch is laid out here whole, on the heap, where the layout's text encodes
 * fastest, and then copied to the device's direct buffer at once rather than frame by frame.
 *
 * <p>Fields take at most half of max_payload (and the 65535 bytes a frame allows them): one
 * that would pass that is left out and the frame counts as truncated; the message has the rest.
 *
 * <p>The writer owns one and builds every frame of a batch in it, so that encoding allocates
 * nothing per event; a framework's adapter writes the message through the methods a
 * byte-buffer destination has ({@link #getByteBuffer}, {@link #drain}, {@link #writeBytes}), and
 * may keep its wrapper of this buffer in {@link #adapter}. Knows no logging framework. Not
 * thread-safe: the writer role guards it.
 */
public final class FrameBuffer {
    /** Bytes the buffer keeps between batches; a larger one grows it, and it shrinks after. */
    private static final int RETAINED_CAPACITY = 2 * RecordBatch.STANDARD_BYTES;
    private static final int INITIAL_CAPACITY = 512;
    /** The most bytes of fields a frame may have: its {@code fields_len} is 16 bits. */
    private static final int MAX_FIELDS = 0xffff;
    /** Fields whose last value is remembered, per buffer: see {@link #putField(byte[], String, int)}. */
    static final int CACHES = 2;

    private ByteBuffer buffer = allocate(INITIAL_CAPACITY);
    /** A framework's wrapper of this buffer (Log4j2: its ByteBufferDestination), made once. */
    public Object adapter;
    private int maxPayload = DeviceConnection.DEFAULT_MAX_PAYLOAD;
    /** Where the frame being built starts. */
    private int frameStart;
    /** Where the message starts, after the header and fields. */
    private int messageStart;
    /** The buffer position the message may reach: max_payload less the fields. */
    private int limit;
    private long overflow;
    /** A field was left out: fields would have taken more than their share. */
    private boolean fieldLeftOut;
    private boolean truncated;
    private final FieldCache[] caches = new FieldCache[CACHES];

    public FrameBuffer() {
        for (int i = 0; i < CACHES; i++) {
            caches[i] = new FieldCache();
        }
    }

    /** One field as it was last encoded, and the String it was encoded from. */
    private static final class FieldCache {
        final byte[] bytes = new byte[256];
        int length;
        String source;
    }

    private static ByteBuffer allocate(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.nativeOrder());
    }

    /** A frame of text that is already formatted, such as a layout's footer, at info. */
    public static ByteBuffer text(byte[] text, int maxPayload) {
        FrameBuffer f = new FrameBuffer();
        f.setMaxPayload(maxPayload);
        f.begin(SyslogLevel.INFO, 0);
        f.endFields();
        f.writeBytes(text, 0, text.length);
        f.finish(0);
        return f.frame();
    }

    /** The most bytes of fields and message the device takes in one record, for the next frames. */
    public void setMaxPayload(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    public int maxPayload() {
        return maxPayload;
    }

    /** Forgets every frame: the next one starts at 0. A buffer grown past a batch is let go. */
    public void clear() {
        if (buffer.capacity() > RETAINED_CAPACITY) {
            buffer = allocate(INITIAL_CAPACITY);
        }
        buffer.clear();
    }

    /**
     * Forgets every frame but the {@code length} bytes from {@code start}, which move to 0: a
     * frame kept for the next batch.
     */
    void keep(int start, int length) {
        buffer.put(0, buffer, start, length);
        buffer.clear().position(length);
    }

    /** Where the last frame begun starts. */
    int frameStart() {
        return frameStart;
    }

    /** Where the frames end (the last one, once {@link #finish}ed, padding included). */
    int end() {
        return buffer.position();
    }

    /** The frames' bytes; read them between 0 and {@link #end}. */
    ByteBuffer buffer() {
        return buffer;
    }

    /** A copy of the last frame finished, between position 0 and the limit. */
    public ByteBuffer frame() {
        int length = buffer.position() - frameStart;
        ByteBuffer copy = allocate(length);
        copy.put(0, buffer, frameStart, length);
        return copy;
    }

    /** The message was over what max_payload left it and was cut, or a field was left out. */
    public boolean truncated() {
        return truncated;
    }

    /** Starts a frame after the last one; its fields come next. */
    public void begin(SyslogLevel level, long sourceTimestampNanos) {
        ensure(LoggerAbi.FRAME_SIZE);
        overflow = 0;
        fieldLeftOut = false;
        truncated = false;
        frameStart = Frames.begin(buffer, level, sourceTimestampNanos);
    }

    /** The most bytes the fields may take in all. */
    private int fieldsBudget() {
        return Math.min(MAX_FIELDS, maxPayload / 2);
    }

    private boolean fits(int more) {
        boolean fits = buffer.position() - frameStart - LoggerAbi.FRAME_SIZE + more <= fieldsBudget();
        fieldLeftOut |= !fits;
        return fits;
    }

    /** Keeps the field put since {@code mark} if the fields are still within budget. */
    private void keepIfFits(int mark) {
        if (buffer.position() - frameStart - LoggerAbi.FRAME_SIZE > fieldsBudget()) {
            buffer.position(mark);
            fieldLeftOut = true;
        }
    }

    /** Fields laid out beforehand (the static ones), all or none. */
    public void putFields(byte[] laidOut) {
        if (laidOut.length > 0 && fits(laidOut.length)) {
            ensure(laidOut.length);
            buffer.put(laidOut);
        }
    }

    /** One field with a text value; none for null. */
    public void putField(byte[] key, String value) {
        if (value == null) {
            return;
        }
        int mark = buffer.position();
        ensure(Frames.maxFieldBytes(key.length, value.length()));
        Frames.putField(buffer, key, value);
        keepIfFits(mark);
    }

    /**
     * The same, copied from cache {@code cache} (0 to {@link #CACHES} - 1, one per key) when the
     * value is the very String it encoded last: a thread logs through few loggers, under one
     * name, so most events are a copy.
     */
    public void putField(byte[] key, String value, int cache) {
        if (value == null) {
            return;
        }
        FieldCache c = caches[cache];
        if (value == c.source) {
            if (fits(c.length)) {
                ensure(c.length);
                buffer.put(c.bytes, 0, c.length);
            }
            return;
        }
        int mark = buffer.position();
        putField(key, value);
        int length = buffer.position() - mark;
        if (length > 0 && length <= c.bytes.length) {
            buffer.get(mark, c.bytes, 0, length);
            c.length = length;
            c.source = value;
        }
    }

    /** One field with a number as its value, in decimal. */
    public void putField(byte[] key, long value) {
        int mark = buffer.position();
        ensure(Frames.maxFieldBytes(key.length, 20));
        Frames.putField(buffer, key, value);
        keepIfFits(mark);
    }

    /**
     * One field of the application's context: any key, made a valid one as
     * {@link Frames#putFieldAnyKey} says, and any value, as its text.
     */
    public void putContextField(String key, Object value) {
        CharSequence text = value instanceof CharSequence s ? s : String.valueOf(value);
        int mark = buffer.position();
        ensure(Frames.maxFieldBytes(LoggerAbi.FIELD_KEY_MAX, text.length()));
        Frames.putFieldAnyKey(buffer, key, text);
        keepIfFits(mark);
    }

    /** Ends the fields; the message comes next. */
    public void endFields() {
        Frames.endFields(buffer, frameStart);
        messageStart = buffer.position();
        // max_payload counts the fields and the message.
        limit = frameStart + LoggerAbi.FRAME_SIZE + maxPayload;
    }

    /** Room for {@code n} more bytes. */
    private void ensure(int n) {
        if (buffer.remaining() < n) {
            grow(Math.max(buffer.position() + n, buffer.capacity() * 2));
        }
    }

    private void grow(int capacity) {
        ByteBuffer bigger = allocate(capacity);
        buffer.flip();
        bigger.put(buffer);
        buffer = bigger;
    }

    /** Where the message goes now: write from its position, then {@link #drain} when full. */
    public ByteBuffer getByteBuffer() {
        return buffer;
    }

    /** The buffer is full: it grows, or past the limit the rest is only counted. */
    public ByteBuffer drain(ByteBuffer full) {
        if (buffer.capacity() < limit) {
            grow(Math.min(limit, Math.max(buffer.capacity() * 2, INITIAL_CAPACITY)));
        } else {
            overflow += buffer.position() - limit;
            buffer.position(limit);
            // Room to write into, past the limit; drained again when it fills.
            if (buffer.capacity() == limit) {
                grow(limit + INITIAL_CAPACITY);
            }
        }
        return buffer;
    }

    /** Message bytes. */
    public void writeBytes(ByteBuffer data) {
        if (data.hasArray()) {
            // Log4j's encoders hand over a heap buffer: arraycopy is the JIT's intrinsic, where
            // ByteBuffer.put(ByteBuffer) costs checks worth more than a short copy.
            writeBytes(data.array(), data.arrayOffset() + data.position(), data.remaining());
            data.position(data.limit());
            return;
        }
        while (data.hasRemaining()) {
            if (!buffer.hasRemaining()) {
                drain(buffer);
            }
            int n = Math.min(data.remaining(), buffer.remaining());
            buffer.put(buffer.position(), data, data.position(), n);
            buffer.position(buffer.position() + n);
            data.position(data.position() + n);
        }
    }

    /** A number in decimal, as message bytes. */
    public void writeDecimal(long value) {
        ensure(20);
        Frames.putDecimal(buffer, value);
    }

    /** Message bytes. */
    public void writeBytes(byte[] data, int offset, int length) {
        while (length > 0) {
            if (!buffer.hasRemaining()) {
                drain(buffer);
            }
            int n = Math.min(length, buffer.remaining());
            buffer.put(data, offset, n);
            offset += n;
            length -= n;
        }
    }

    /**
     * Ends the frame: drops the line break a pattern ending in %n, or a stack trace, leaves at
     * the end (a record is one message, and readers end lines themselves), cuts the message to
     * what max_payload leaves it, and pads.
     *
     * @param cutBefore bytes of the message cut before they came here (a message longer than
     *     any record, cut when the event was captured): the ending counts them too, if the
     *     layout wrote the message out to the limit
     */
    public void finish(long cutBefore) {
        if (overflow + buffer.position() < limit) {
            // The layout left the message out, or printed part of it: nothing a reader misses
            // was cut.
            cutBefore = 0;
        }
        if (overflow == 0 && cutBefore == 0) {
            int end = buffer.position();
            while (end > messageStart
                    && (buffer.get(end - 1) == '\n' || buffer.get(end - 1) == '\r')) {
                end--;
            }
            buffer.position(end);
        }
        long total = cutBefore + overflow + buffer.position() - messageStart;
        int length = Truncation.cut(buffer, messageStart, total, limit - messageStart);
        buffer.position(messageStart + length);
        ensure(LoggerAbi.FRAME_ALIGN);
        Frames.end(buffer, frameStart);
        truncated = total > limit - messageStart || fieldLeftOut;
    }
}
