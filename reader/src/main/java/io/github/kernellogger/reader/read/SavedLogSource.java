package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.BinaryRecords;
import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.LoggerAbi;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Records from a saved log ({@link SavedLog}), a file or a stream, read as they come and to the
 * end: the records, and the losses and reloads its headers tell of, where they tell of them, and
 * the names of the cgroups it carries, learnt before the records they name are delivered. It is
 * read whole even for {@code -n K}, whose last K are those that pass the filter.
 *
 * <p>Bytes that are no saved log, or a record cut short at the end, end the run with an error
 * that names the input, the byte and what is wrong there; every record before was delivered.
 *
 * <p>A saved file may be followed, as {@code tail -f} follows a file: at its end the source
 * waits and reads again what was appended (an entry cut short at the end is still being
 * written). With a cursor to resume from, the records of the cursor's load up to its seq, and
 * the losses among them, are read but not delivered; so are those of the loads before it in
 * the file (runs of -o binary appended to one file come in the order of their loads), and the
 * sink begins with the cursor's load. A file that does not hold the cursor's load at all is
 * read again from its start and delivered whole, but for that load's records up to the seq
 * (delivered twice rather than never); so is a stream, which cannot be read again.
 */
final class SavedLogSource implements RecordSource {
    private static final int INITIAL_BUFFER = 64 * 1024;
    /** The longest entry believed: beyond any max_payload the device allows. */
    private static final long LONGEST_ENTRY = 1L << 28;
    /** How often a followed file is looked at for what was appended, as tail -f does (it takes 1 s). */
    private static final Duration FOLLOW_INTERVAL = Duration.ofMillis(100);

    private final String name;
    private final Path path;
    /** Where the names of cgroups the log carries go. */
    private final CgroupNames cgroups;
    private InputStream in;
    /** At the end, wait for more rather than end. */
    private final boolean follow;
    /** Where a run before stopped: what comes up to it is not delivered again. */
    private final Cursor resume;
    /**
     * Passing over the loads before the cursor's: nothing is delivered until its load begins.
     * Only of a file with a cursor of a load id: a file can be read again if that load is not in it.
     */
    private boolean beforeResumedLoad;
    /** The load of the records being delivered. */
    private String deliveredInstance;
    /** The last record delivered or passed over; null before the first. */
    private Cursor position;
    /**
     * The seq of the last record delivered or passed over, and its load: the cursor of it is made
     * when asked for, not for every record (a Cursor checks its load id's text).
     */
    private long positionSeq = -1;
    private String positionInstance;

    /** The bytes read and not yet walked: from 0 to the position walked, then to the limit read. */
    private ByteBuffer buf = ByteBuffer.allocate(INITIAL_BUFFER);
    /** Where byte 0 of buf is in the input. */
    private long offset;
    private boolean end;

    /** The order of the records since the last header; null before the first. */
    private ByteOrder order;
    private String instance;
    private boolean begun;

    /** What read() walked: LogRecord, Gap, Reload, SavedLog.CgroupName, or Begin. */
    private final List<Object> batch = new ArrayList<>();
    /** Damage found by the walk, thrown once what came before it was delivered. */
    private IOException damage;
    private long lost;

    private record Begin(String instance) {}

    /** @param resume the cursor the plan's cursor file holds, if any */
    SavedLogSource(ReadPlan plan, Optional<Cursor> resume) {
        this.follow = plan.mode() != ReadPlan.Mode.DUMP;
        this.cgroups = plan.cgroups();
        this.resume = resume.orElse(plan.start() instanceof Start.AfterCursor a ? a.cursor() : null);
        if (plan.input() instanceof Input.SavedFile f) {
            this.name = f.path().toString();
            this.path = f.path();
        } else {
            Input.SavedStream s = (Input.SavedStream) plan.input();
            this.name = s.name();
            this.path = null;
            this.in = s.in();
        }
        this.beforeResumedLoad = path != null && this.resume != null && this.resume.instance() != null;
        buf.limit(0);
    }

    @Override
    public void start(RecordSink to) throws IOException {
        if (path != null) {
            open();
        }
    }

    private void open() throws IOException {
        if (Files.isDirectory(path)) {
            throw new IOException("cannot read " + name + ": it is a folder");
        }
        try {
            in = Files.newInputStream(path);
        } catch (IOException e) {
            throw new IOException("cannot read " + name + ": " + FileErrors.reason(path, e), e);
        }
    }

    /**
     * The whole file was passed over and the cursor's load was not in it: reads it again from
     * its start, to deliver all of it but that load's records up to the cursor.
     */
    private void readAgainFromTheStart() throws IOException {
        beforeResumedLoad = false;
        in.close();
        open();
        buf.clear().limit(0);
        offset = 0;
        end = false;
        order = null;
        instance = null;
        begun = false;
    }

    @Override
    public boolean read() throws IOException {
        batch.clear();
        boolean more = readBatch();
        if (!more && beforeResumedLoad && !buf.hasRemaining()) {
            readAgainFromTheStart();
            more = readBatch();
        }
        return more;
    }

    private boolean readBatch() throws IOException {
        while (!end && damage == null) {
            walk();
            if (!batch.isEmpty()) {
                return true;
            }
            fill();
        }
        if (damage == null) {
            walk();
        }
        if (!batch.isEmpty()) {
            return true; // what came before the damage, or the end
        }
        if (damage != null) {
            throw damage;
        }
        if (follow) {
            return false; // what is left is being written
        }
        if (buf.hasRemaining()) {
            throw order == null ? notASavedLog()
                    : new IOException(name + " is cut short at byte " + (offset + buf.position()) + ": "
                            + buf.remaining() + " bytes of an entry, not a whole one (every record before was read)");
        }
        return false;
    }

    private IOException notASavedLog() {
        return new IOException(name + " is not a log saved by logger-reader -o binary: it does not start "
                + "with the header of one");
    }

    /**
     * Walks the whole entries buffered into the batch. Damage ends the walk and is kept in
     * {@link #damage}, to be thrown once what came before it was delivered.
     */
    private void walk() {
        List<Object> out = batch;
        for (;;) {
            int at = buf.position();
            int left = buf.remaining();
            if (left < 8) {
                return;
            }
            if (order == null && !SavedLog.isHeader(buf, at)) {
                damage = notASavedLog();
                return;
            }
            try {
                if (SavedLog.isHeader(buf, at)) {
                    if (left < SavedLog.HEADER_PREFIX) {
                        return;
                    }
                    int size = SavedLog.size(buf, at);
                    if (left < size) {
                        need(size);
                        return;
                    }
                    order = SavedLog.order(buf, at);
                    header(SavedLog.header(buf, at), out);
                    buf.position(at + size);
                    continue;
                }
                ByteBuffer entry = buf.duplicate().order(order);
                int hdrSize = Short.toUnsignedInt(entry.getShort(at + LoggerAbi.ENTRY_HDR_SIZE_OFFSET));
                long len = Integer.toUnsignedLong(entry.getInt(at + LoggerAbi.ENTRY_LEN_OFFSET));
                if (hdrSize < LoggerAbi.ENTRY_SIZE || hdrSize + len > LONGEST_ENTRY) {
                    throw new IllegalArgumentException("neither a header nor a record (hdr_size " + hdrSize
                            + ", len " + len + ")");
                }
                SavedLog.checkHdrSize(hdrSize);
                int span = LoggerAbi.entrySpan(hdrSize, (int) len);
                if (left < span) {
                    need(span);
                    return;
                }
                SavedLog.checkRecord(entry, at, span);
                BinaryRecords.decode(buf.slice(at, span), order, r -> add(r, out));
                buf.position(at + span);
            } catch (IllegalArgumentException e) {
                int where = e instanceof SavedLog.Damage d ? at + d.at : at;
                damage = new IOException(name + " is damaged at byte " + (offset + where) + ": " + e.getMessage()
                        + " (every record before was read)", e);
                return;
            }
        }
    }

    /** What a header says, in order: the first is where the log begins. */
    private void header(SavedLog.Header h, List<Object> out) {
        if (!begun) {
            begun = true;
            add(new Begin(h.instance()), out);
        }
        if (h.reload()) {
            add(new Reload(h.previousInstance(), h.instance(), true), out);
        } else if (instance != null && h.instance() != null && !instance.equals(h.instance())) {
            // Runs of -o binary appended to one file, from two loads of the module.
            add(new Reload(instance, h.instance(), false), out);
        }
        if (h.gap() != null) {
            add(h.gap(), out);
        }
        if (h.cgroup() != null) {
            add(h.cgroup(), out);
        }
        instance = h.instance();
    }

    private static void add(Object event, List<Object> out) {
        out.add(event);
    }

    /** Makes room for an entry of {@code size} bytes. */
    private void need(int size) {
        if (size > buf.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(size, 2 * buf.capacity()));
            offset += buf.position();
            bigger.put(buf).flip();
            buf = bigger;
        }
    }

    /** Reads more of the input after what is buffered; at its end, sets {@link #end}. */
    private void fill() throws IOException {
        if (buf.position() > 0) {
            offset += buf.position();
            buf.compact().flip();
        }
        int from = buf.limit();
        if (from == buf.capacity()) {
            need(buf.capacity() + 1);
            from = buf.limit();
        }
        int n;
        try {
            n = in.read(buf.array(), from, buf.capacity() - from);
        } catch (IOException e) {
            throw new IOException("cannot read " + name + ": "
                    + (path != null ? FileErrors.reason(path, e) : e.getMessage()), e);
        }
        if (n < 0) {
            end = true;
        } else {
            buf.limit(from + n);
        }
    }

    /** A file is caught up with at its end, when {@link #read} says there is nothing more. */
    @Override
    public boolean caughtUp() {
        return false;
    }

    @Override
    public void deliver(RecordSink to) throws IOException {
        for (Object e : batch) {
            if (beforeResumedLoad && !(e instanceof SavedLog.CgroupName)) {
                // A load before the cursor's was delivered whole by the runs before: passed over
                // (but for the cgroups it names, which the records of a later load may need).
                String load = e instanceof Begin b ? b.instance() : e instanceof Reload r ? r.instance() : null;
                if (load == null || !load.equals(resume.instance())) {
                    continue;
                }
                beforeResumedLoad = false;
                deliveredInstance = load;
                to.begin(load);
                continue;
            }
            if (e instanceof LogRecord r) {
                positionSeq = r.seq();
                positionInstance = deliveredInstance;
                if (!upToResume(r.seq())) {
                    to.record(r);
                }
            } else if (e instanceof Gap g) {
                if (!upToResume(g.lastSeq())) {
                    lost += g.lost();
                    to.gap(g);
                }
            } else if (e instanceof Reload r) {
                deliveredInstance = r.instance();
                to.reload(r);
            } else if (e instanceof SavedLog.CgroupName c) {
                // Learnt where the log says it, before the records it names: an id may name
                // another cgroup further on, in the runs of another machine appended to the file.
                cgroups.learn(c.id(), c.path());
            } else {
                deliveredInstance = ((Begin) e).instance();
                to.begin(deliveredInstance);
            }
        }
    }

    /** Whether {@code seq} of the load being delivered was delivered by the run resumed from. */
    private boolean upToResume(long seq) {
        return resume != null && Objects.equals(resume.instance(), deliveredInstance) && seq <= resume.seq();
    }

    /** Of a followed file: waits a moment, then reads again from where its end was. */
    @Override
    public void await(Duration timeout) throws IOException {
        if (!follow) {
            throw new UnsupportedOperationException("a saved log is read to its end, not followed");
        }
        long millis = timeout.isNegative() ? FOLLOW_INTERVAL.toMillis() : Math.min(timeout.toMillis(), FOLLOW_INTERVAL.toMillis());
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while following " + name);
        }
        end = false;
    }

    @Override
    public void finish(RecordSink to) {
        // Its headers told of every loss.
    }

    /** The last record read, delivered or passed over; before any, the cursor resumed from. */
    @Override
    public Cursor cursor() {
        if (positionSeq >= 0 && (position == null || position.seq() != positionSeq
                || !Objects.equals(position.instance(), positionInstance))) {
            position = new Cursor(positionSeq, positionInstance);
        }
        return position != null ? position : resume;
    }

    /** The losses its headers tell of. */
    @Override
    public long lost() {
        return lost;
    }

    @Override
    public void done() {
        // Nothing to clear in a file.
    }

    @Override
    public void close() throws IOException {
        if (path != null && in != null) {
            in.close();
        }
    }
}
