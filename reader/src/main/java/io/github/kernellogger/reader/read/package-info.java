/**
 * Reading records: {@link io.github.kernellogger.reader.read.ReadLoop} takes them from a source,
 * the device or a saved log ({@link io.github.kernellogger.reader.read.SavedLog}), filters them
 * ({@link io.github.kernellogger.reader.read.RecordFilter}: levels, times, logcat's filter specs,
 * journalctl's field matches, tags, units), counts what passes ({@code -n}, {@code -m},
 * {@code -r}: {@link io.github.kernellogger.reader.read.LastRecords} and its siblings), names
 * the records' cgroups ({@link io.github.kernellogger.reader.read.CgroupNames}), notices loss
 * ({@link io.github.kernellogger.reader.read.GapTracker}) and reloads of the module ({@link io.github.kernellogger.reader.read.Cursor}), keeps the
 * cursor file ({@link io.github.kernellogger.reader.read.CursorFile}) and delivers what passes
 * to a {@link io.github.kernellogger.reader.read.RecordSink}, which may be a format of the
 * command line or a forwarder of its own. Nothing here knows the output formats.
 */
package io.github.kernellogger.reader.read;
