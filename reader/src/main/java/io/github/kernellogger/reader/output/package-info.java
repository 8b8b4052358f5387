/**
 * The output formats of {@code -o}: each is a {@link io.github.kernellogger.reader.read.RecordSink}
 * that {@link io.github.kernellogger.reader.output.OutputFormat} opens on a stream.
 *
 * <p>Every format builds its bytes in an {@link io.github.kernellogger.reader.output.OutputBuffer},
 * which hands the stream whole records in large writes. The text formats show a writer's bytes
 * through {@link io.github.kernellogger.reader.output.SafeText} (escapes) and
 * {@link io.github.kernellogger.reader.output.TextMessage} (lines); JSON writes them through
 * {@link io.github.kernellogger.reader.output.JsonText}; times come from
 * {@link io.github.kernellogger.reader.output.TimeText}. {@code -o binary} writes records as the
 * device gave them, in a saved log ({@link io.github.kernellogger.reader.read.SavedLog}).
 * {@link io.github.kernellogger.reader.output.Listings} are what a log holds rather than its
 * records ({@code -F}, {@code -N}, {@code --list-loads}).
 */
package io.github.kernellogger.reader.output;
