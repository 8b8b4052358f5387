/**
 * Reading the device: {@link io.github.kernellogger.reader.read.ReadLoop} positions the cursor,
 * reads batch after batch, filters ({@link io.github.kernellogger.reader.read.RecordFilter}),
 * notices loss ({@link io.github.kernellogger.reader.read.GapTracker}), keeps the cursor file
 * ({@link io.github.kernellogger.reader.read.CursorFile}) and delivers what passes to a
 * {@link io.github.kernellogger.reader.read.RecordSink}. Nothing here knows the output formats.
 */
package io.github.kernellogger.reader.read;
