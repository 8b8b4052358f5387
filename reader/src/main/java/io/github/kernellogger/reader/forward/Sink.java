package io.github.kernellogger.reader.forward;

import io.github.kernellogger.reader.read.RecordSink;
import java.io.Closeable;

/**
 * A sink open on its server: what the read loop delivers to ({@link RecordSink}: {@code flush}
 * after each batch, {@code accepted} for how far the cursor may go, {@code settle} at the end),
 * and what the forwarder closes when it fails or the run ends. A failure is an IOException from
 * any call; the forwarder then closes it, waits, opens another and resends from its cursor.
 */
public interface Sink extends RecordSink, Closeable {}
