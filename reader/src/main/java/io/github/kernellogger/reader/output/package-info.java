/**
 * The output formats of {@code -o}: each is a {@link io.github.kernellogger.reader.read.RecordSink}
 * that {@link io.github.kernellogger.reader.output.OutputFormat} opens on a stream.
 */
package io.github.kernellogger.reader.output;
