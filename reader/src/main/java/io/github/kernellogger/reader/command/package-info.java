/**
 * The commands of logger-reader and their options, in picocli.
 *
 * <p>{@link io.github.kernellogger.reader.command.MainCommand} is the root: it reads (a dump or a
 * follow) with the options of {@link io.github.kernellogger.reader.command.ReadOptions} and the
 * arguments of {@link io.github.kernellogger.reader.command.FilterArguments}, through a
 * {@link io.github.kernellogger.reader.command.Pager} on a terminal, and has one class per
 * subcommand ({@code stats}, {@code clear}, {@code jmx}, {@code forward},
 * {@code generate-completion}). Options several commands share are mixins; an option given
 * before a subcommand must be one it takes
 * ({@link io.github.kernellogger.reader.command.OptionsBeforeSubcommand}). {@link io.github.kernellogger.reader.command.ExitCode} holds the
 * exit codes and the one mapping from failures to them. Commands get their streams from
 * {@link io.github.kernellogger.reader.command.CommandFactory}, never from {@code System}.
 */
package io.github.kernellogger.reader.command;
