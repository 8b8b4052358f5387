/**
 * {@code logger-reader}: reads {@code /dev/logger} the way dmesg and journalctl read their logs.
 *
 * <p>Shaped like JUnit's console launcher: {@link io.github.kernellogger.reader.LoggerReader} is
 * the entry point and the only caller of {@code System.exit}; the commands and their options are
 * in {@link io.github.kernellogger.reader.command} (a thin root command that reads, one class
 * per subcommand, shared options as mixins, one exit-code mapping); reading, filtering, loss and
 * cursors are in {@link io.github.kernellogger.reader.read}; the output formats are in
 * {@link io.github.kernellogger.reader.output}; the man pages, which the build makes from the
 * commands, in {@link io.github.kernellogger.reader.manual}.
 *
 * <p>Every command runs in-process with the streams it is given, so tests call
 * {@link io.github.kernellogger.reader.LoggerReader#execute} directly.
 */
package io.github.kernellogger.reader;
