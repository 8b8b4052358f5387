package io.github.kernellogger.core;

import io.github.kernellogger.device.Frames;
import io.github.kernellogger.device.LoggerAbi;
import io.github.kernellogger.device.SyslogLevel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Events a writer took out of {@link EventQueue}, as one framed write: each event encoded
 * ({@link QueuedEvent#encode}) into a frame, the frames back to back in one direct buffer, with
 * a frame saying how many events were discarded before any event that had some discarded before
 * it (and after the last, when nothing came after them), and the details the writer needs when
 * the device refuses a frame or fails. A batch is at most the device's {@code max_batch} bytes.
 * The writer role owns one batch and reuses it, so writing allocates nothing. Knows no logging
 * framework.
 *
 * <p>For a device of ABI version 1, which takes one record per write and no frames, each frame
 * is written as a record of its own: {@link #plainRecord} turns it into {@code "<d>"} and the
 * message, in place.
 */
final class RecordBatch {
    /** Events per batch: enough to amortize the lock, few enough to keep latency low. */
    static final int MAX_EVENTS = 512;
    /** The most bytes of an ordinary batch: the module's default max_batch. */
    static final int STANDARD_BYTES = 256 * 1024;
    /** A frame per event, one before each with a discard notice, one after the last. */
    private static final int MAX_FRAMES = 2 * MAX_EVENTS + 1;
    /** The "<d>" prefix of a plain record. */
    private static final int PREFIX = 3;
    private static final byte[] NOTICE_START = "kernel-logger: ".getBytes(StandardCharsets.US_ASCII);

    /** The buffer of ordinary batches; {@link #bytes} is another only for one huge event. */
    private final ByteBuffer standard = ByteBuffer.allocateDirect(STANDARD_BYTES)
            .order(ByteOrder.nativeOrder());
    private ByteBuffer bytes = standard;
    /** A second view of {@link #bytes} that frames the bytes of one write. */
    private ByteBuffer view = bytes.duplicate().order(ByteOrder.nativeOrder());
    /** Where each event is encoded before it is copied into {@link #bytes}. */
    private final FrameBuffer frame = new FrameBuffer();
    /** Each event's details; its frame is in {@link #bytes}. */
    private final EventOrigin[] origins = new EventOrigin[MAX_EVENTS];
    private final Object[] levels = new Object[MAX_EVENTS];
    private final long[] timeMillis = new long[MAX_EVENTS];
    private final long[] discardedBefore = new long[MAX_EVENTS];
    /** Where each frame starts in {@link #bytes}, and where the next would. */
    private final int[] frameOffsets = new int[MAX_FRAMES + 1];
    /** The event of each frame, or -1 for a discard notice. */
    private final int[] frameEvents = new int[MAX_FRAMES];
    /** The events discarded that each notice frame reports. */
    private final long[] noticeCounts = new long[MAX_FRAMES];
    /** The frame of each event. */
    private final int[] eventFrames = new int[MAX_EVENTS];
    /** The rest of a notice's text, after the count: singular, plural. */
    private final byte[] noticeOne;
    private final byte[] noticeMany;
    /** Bytes a notice frame takes at most. */
    private final int noticeSpan;
    /** The device the writer writes to; null in tests, which {@link #prepare} the batch. */
    private DeviceConnection device;
    /** Whether events are encoded with fields, for a device of ABI version 2. */
    private boolean framed = true;
    /** The most bytes of one framed write, as the device last said. */
    private int maxBytes = STANDARD_BYTES;
    /**
     * The sequence number of the event whose frame {@link #frame} still holds, encoded for a
     * batch it did not fit in: the next batch starts with it, not encoding it again. -1 for none.
     */
    private long carried = -1;
    /** Where that frame is in {@link #frame}, and its length. */
    private int carriedStart;
    private int carriedLength;
    private int size;
    private int frames;
    private long discardedAfter;
    /** Events taken that have no frame: their slot was abandoned, or encoding them failed. */
    private int lost;
    /** Events cut to max_payload, or with a field left out. */
    private int truncated;
    /** What encoding an event threw, the first time in this batch; null if nothing. */
    private Throwable failure;

    /** @param device named in the discard notices */
    RecordBatch(String device) {
        noticeOne = (" event was discarded because the queue for " + device + " was full")
                .getBytes(StandardCharsets.UTF_8);
        noticeMany = (" events were discarded because the queue for " + device + " was full")
                .getBytes(StandardCharsets.UTF_8);
        noticeSpan = Frames.span(0, NOTICE_START.length + 20 + noticeMany.length);
    }

    /**
     * What the device takes, for the batches to come (in tests; a writer's batch asks its
     * {@link #setDevice device} at the start of each): whether it takes fields, its max_payload
     * and its max_batch.
     */
    void prepare(boolean framed, int maxPayload, int maxBytes) {
        this.framed = framed;
        this.maxBytes = maxBytes;
        frame.setMaxPayload(maxPayload);
    }

    /** Where each batch learns what the device takes now, when it starts. */
    void setDevice(DeviceConnection device) {
        this.device = device;
    }

    /**
     * Empties the batch for the next events, and asks the device what it takes now. Only the
     * holder of the writer role calls it.
     */
    void reset() {
        DeviceConnection d = device;
        if (d != null) {
            prepare(d.framed(), d.maxPayload(), d.maxBatch());
        }
        size = 0;
        frames = 0;
        frameOffsets[0] = 0;
        discardedAfter = 0;
        lost = 0;
        truncated = 0;
        failure = null;
    }

    /**
     * Lets go of what the events of this batch referred to, once they are written: the
     * appenders that sent them, and the buffer of a huge event.
     */
    void release() {
        Arrays.fill(origins, 0, size, null);
        Arrays.fill(levels, 0, size, null);
        if (bytes != standard) {
            bytes = standard;
            view = bytes.duplicate().order(ByteOrder.nativeOrder());
        }
    }

    /**
     * Encodes the events of {@code count} slots of a ring from {@code first} on, wrapping at
     * its end, and lays their frames out back to back: up to the first slot still being filled,
     * as many as fit in the device's max_batch (and the batch's buffer), and at least the first,
     * however large, with room left for the notices. Called without the queue's lock: nobody
     * else touches a filled slot. Each slot taken is released ({@link QueuedEvent#release}, its
     * buffers kept within {@code keepBytes}) and marked empty for the next event. The frames are
     * built on the heap, in {@link #frame}; {@link #seal} copies them to the direct buffer.
     *
     * @return how many slots were taken, from the first on
     */
    int layOut(QueuedEvent[] ring, int first, int count, int keepBytes) {
        int limit = Math.min(maxBytes, bytes.capacity()) - noticeSpan;
        QueuedEvent head = ring[first];
        boolean keepCarried = carried >= 0 && count > 0 && head.isFilled() && head.seq == carried
                && head.discardedBefore == 0;
        if (keepCarried) {
            frame.keep(carriedStart, carriedLength);
        } else {
            carried = -1;
            frame.clear();
        }
        int n = 0;
        for (; n < count; n++) {
            QueuedEvent event = ring[first + n < ring.length ? first + n : first + n - ring.length];
            if (!event.isFilled()) {
                break;
            }
            if (event.abandoned) {
                lost++;
                free(event, keepBytes);
                continue;
            }
            // Where this event's frames start (a notice's, then its own), for a batch that ends
            // before them; and where its own starts, for one that fails.
            int at = carried == event.seq ? 0 : frame.end();
            int framesAt = frames;
            int afterNotice = at;
            try {
                long before = event.discardedBefore;
                if (before > 0) {
                    putNotice(before);
                    afterNotice = frame.end();
                }
                int start;
                if (carried == event.seq) {
                    start = 0; // encoded for the last batch, kept at the start of this one
                } else {
                    event.encode(frame, framed);
                    start = frame.frameStart();
                }
                carried = -1;
                if (frame.end() > limit) {
                    if (size > 0) {
                        // The next batch starts with it: its frame as it is, unless a notice
                        // goes first, and then both are made again.
                        if (before == 0) {
                            carried = event.seq;
                            carriedStart = start;
                            carriedLength = frame.end() - start;
                        }
                        frames = framesAt;
                        frame.buffer().position(at);
                        break;
                    }
                    // One event larger than a whole batch: a buffer of its own.
                    bytes = ByteBuffer.allocateDirect(frame.end() + noticeSpan).order(ByteOrder.nativeOrder());
                    view = bytes.duplicate().order(ByteOrder.nativeOrder());
                    limit = bytes.capacity() - noticeSpan;
                }
                frameOffsets[frames] = start;
                frameEvents[frames] = size;
                eventFrames[size] = frames++;
                origins[size] = event.origin();
                levels[size] = event.level();
                timeMillis[size] = event.timeMillis();
                discardedBefore[size] = before;
                truncated += frame.truncated() ? 1 : 0;
                size++;
            } catch (Throwable t) {
                // A layout's bug, no memory for a huge event's buffer: this event is lost (its
                // notice, if any, stays), the others are written.
                frame.buffer().position(afterNotice);
                carried = -1;
                lost++;
                failure = failure == null ? t : failure;
            }
            free(event, keepBytes);
        }
        return n;
    }

    /** Empties a slot for the next event. */
    private static void free(QueuedEvent event, int keepBytes) {
        event.release(keepBytes);
        event.abandoned = false;
        event.setFilled(false);
    }

    /**
     * Lays out one frame alone, such as a layout's footer (a frame its adapter made),
     * as a batch of no event.
     */
    void layOutOne(ByteBuffer frame) {
        reset();
        int length = frame.remaining();
        if (length > bytes.capacity()) {
            bytes = ByteBuffer.allocateDirect(length).order(ByteOrder.nativeOrder());
            view = bytes.duplicate().order(ByteOrder.nativeOrder());
        }
        bytes.put(0, frame, frame.position(), length);
        frameOffsets[0] = 0;
        frameEvents[0] = -1;
        noticeCounts[0] = 0;
        frames = 1;
        frameOffsets[1] = length;
    }

    /** A warning frame after the last: "kernel-logger: N events were discarded ...". */
    private void putNotice(long discarded) {
        frame.begin(SyslogLevel.WARNING, 0);
        frame.endFields();
        frame.writeBytes(NOTICE_START, 0, NOTICE_START.length);
        frame.writeDecimal(discarded);
        byte[] rest = discarded == 1 ? noticeOne : noticeMany;
        frame.writeBytes(rest, 0, rest.length);
        frame.finish(0);
        frameOffsets[frames] = frame.frameStart();
        frameEvents[frames] = -1;
        noticeCounts[frames++] = discarded;
    }

    /** Events with a frame in the batch. */
    int size() {
        return size;
    }

    /** Events taken that have no frame (abandoned, or encoding failed): lost. */
    int lost() {
        return lost;
    }

    /** Events of the batch cut to max_payload, or with a field left out. */
    int truncated() {
        return truncated;
    }

    /** What encoding an event of this batch threw first, or null. */
    Throwable failure() {
        return failure;
    }

    /** Frames in the batch: its events, and its notices. */
    int frames() {
        return frames;
    }

    /** Events given up just before event {@code i}. */
    long discardedBefore(int i) {
        return discardedBefore[i];
    }

    /** Events given up after the last event of this batch, when nothing came after them. */
    long discardedAfter() {
        return discardedAfter;
    }

    /** Notes the discards after the last event (under the queue's lock: nothing more). */
    void setDiscardedAfter(long discarded) {
        discardedAfter = discarded;
    }

    /**
     * Ends the batch: the notice of the discards after the last event, last (room was kept for
     * it), then every frame copied from the heap, where they were built, to the direct buffer
     * the device is written from, at once.
     */
    void seal() {
        if (discardedAfter > 0) {
            putNotice(discardedAfter);
        }
        int end = frames == 0 ? 0 : frame.end();
        frameOffsets[frames] = end;
        bytes.put(0, frame.buffer(), 0, end);
    }

    /**
     * Frames {@code from} to {@code to} (exclusive), as one framed write. One frame alone ends
     * where its own header says, so that one {@link #truncate}d is written as it now is.
     */
    ByteBuffer frames(int from, int to) {
        int end = to == from + 1 ? frameOffsets[from] + LoggerAbi.frameSpan(frameSize(from))
                : frameOffsets[to];
        view.clear().limit(end).position(frameOffsets[from]);
        return view;
    }

    private int frameSize(int k) {
        return bytes.getInt(frameOffsets[k] + LoggerAbi.FRAME_SIZE_OFFSET);
    }

    /** The event of frame {@code k}, or -1 for a discard notice. */
    int eventOf(int k) {
        return frameEvents[k];
    }

    /** The events discarded that notice frame {@code k} reports. */
    long noticeCount(int k) {
        return noticeCounts[k];
    }

    /** Bytes of frame {@code k}'s fields and message: its payload, as the device counts it. */
    int payloadLength(int k) {
        return frameSize(k) - LoggerAbi.FRAME_SIZE;
    }

    private int messageStart(int k) {
        return frameOffsets[k] + LoggerAbi.FRAME_SIZE
                + Short.toUnsignedInt(bytes.getShort(frameOffsets[k] + LoggerAbi.FRAME_FIELDS_LEN_OFFSET));
    }

    private int frameEnd(int k) {
        return frameOffsets[k] + frameSize(k);
    }

    /**
     * Frame {@code k} as the record a version 1 device takes, {@code "<d>"} and the message,
     * written over the end of its header or fields, which a plain record does not carry.
     */
    ByteBuffer plainRecord(int k) {
        int start = messageStart(k) - PREFIX;
        bytes.put(start, (byte) '<');
        bytes.put(start + 1, (byte) ('0' + bytes.get(frameOffsets[k] + LoggerAbi.FRAME_LEVEL_OFFSET)));
        bytes.put(start + 2, (byte) '>');
        view.clear().limit(frameEnd(k)).position(start);
        return view;
    }

    /**
     * Cuts frame {@code k}, to be written alone ({@link #frames}{@code (k, k + 1)}), to at most
     * {@code maxPayload} bytes of fields and message, with a visible ending: the message is cut,
     * and where the fields alone are too many, they are dropped.
     *
     * @return false if it already fit
     */
    boolean truncate(int k, int maxPayload) {
        return truncate(k, maxPayload, true);
    }

    /** The same for {@link #plainRecord}: its message alone counts, and the fields stay. */
    boolean truncatePlain(int k, int maxPayload) {
        return truncate(k, maxPayload, false);
    }

    private boolean truncate(int k, int maxPayload, boolean framed) {
        int at = frameOffsets[k];
        int fieldsLen = Short.toUnsignedInt(bytes.getShort(at + LoggerAbi.FRAME_FIELDS_LEN_OFFSET));
        int messageLen = frameEnd(k) - messageStart(k);
        int counted = framed ? fieldsLen : 0;
        if (counted + messageLen <= maxPayload) {
            return false;
        }
        int message = messageStart(k);
        if (framed && fieldsLen > maxPayload / 2) {
            // Move the message up to the header: the fields go.
            for (int i = 0; i < messageLen; i++) {
                bytes.put(at + LoggerAbi.FRAME_SIZE + i, bytes.get(message + i));
            }
            bytes.putShort(at + LoggerAbi.FRAME_FIELDS_LEN_OFFSET, (short) 0);
            fieldsLen = 0;
            message = at + LoggerAbi.FRAME_SIZE;
        }
        view.clear();
        int cut = Truncation.cut(view, message, messageLen, maxPayload - (framed ? fieldsLen : 0));
        int size = LoggerAbi.FRAME_SIZE + fieldsLen + cut;
        bytes.putInt(at + LoggerAbi.FRAME_SIZE_OFFSET, size);
        for (int i = at + size; i < at + LoggerAbi.frameSpan(size); i++) {
            bytes.put(i, (byte) 0);
        }
        return true;
    }

    /** The message of frame {@code k} as a new array, for the error appender or the status log. */
    byte[] message(int k) {
        int start = messageStart(k);
        byte[] out = new byte[frameEnd(k) - start];
        bytes.get(start, out);
        return out;
    }

    /** The message of event {@code i}, as {@link #message}. */
    byte[] payload(int i) {
        return message(eventFrames[i]);
    }

    /** The level of event {@code i}, as its framework knows it. */
    Object level(int i) {
        return levels[i];
    }

    long timeMillis(int i) {
        return timeMillis[i];
    }

    EventOrigin origin(int i) {
        return origins[i];
    }
}
