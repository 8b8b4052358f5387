/**
 * {@code logger-reader}: reads {@code /dev/logger} the way dmesg and journalctl read their logs.
 *
 * <p>{@link io.github.kernellogger.reader.LoggerReader} is the entry point and the only place
 * that decides exit codes ({@link io.github.kernellogger.reader.ExitCode}) and calls
 * {@code System.exit}. The root command, {@link io.github.kernellogger.reader.ReadCommand},
 * dumps or follows records; {@code stats}, {@code clear} and {@code jmx} are subcommands of
 * their own, and options several commands share are mixins
 * ({@link io.github.kernellogger.reader.DeviceOption}). The read loop
 * ({@link io.github.kernellogger.reader.ReadLoop}) positions the cursor, filters
 * ({@link io.github.kernellogger.reader.RecordFilter}), notices loss
 * ({@link io.github.kernellogger.reader.GapTracker}) and prints through one of the
 * {@link io.github.kernellogger.reader.RecordPrinter}s.
 *
 * <p>Every command runs in-process with the streams it is given, so tests call
 * {@link io.github.kernellogger.reader.LoggerReader#execute} directly.
 */
package io.github.kernellogger.reader;
