/**
 * {@code logger-reader forward}: the records of the device (or a saved log) shipped to one sink,
 * the cursor kept only past what the sink accepted.
 *
 * <ul>
 *   <li>{@link io.github.kernellogger.reader.forward.Forwarder} runs the reader's read loop
 *       against a sink, retries it on a backoff while it is down, keeps the cursor and writes the
 *       progress ({@link io.github.kernellogger.reader.forward.ForwardMetrics}).</li>
 *   <li>The sinks are found through {@link java.util.ServiceLoader}
 *       ({@link io.github.kernellogger.reader.forward.Sinks}): a
 *       {@link io.github.kernellogger.reader.forward.SinkProvider} checks its keys of the
 *       configuration ({@link io.github.kernellogger.reader.forward.SinkSettings}) and opens a
 *       {@link io.github.kernellogger.reader.forward.Sink}. The reader's own: {@code relp}
 *       ({@link io.github.kernellogger.reader.forward.RelpSink} over
 *       {@link io.github.kernellogger.reader.forward.RelpConnection}) and {@code syslog}
 *       ({@link io.github.kernellogger.reader.forward.SyslogSink} over
 *       {@link io.github.kernellogger.reader.forward.SyslogConnection}), both writing
 *       {@link io.github.kernellogger.reader.forward.Rfc5424} messages; {@code kafka} is a plugin
 *       of its own (the module reader-kafka), in the folder {@code plugins/} beside the jar.</li>
 * </ul>
 *
 * <p>Threads: the forwarder's own runs the read loop, which calls a sink under its lock; a
 * checkpoint thread flushes the sink twice a second under the same lock, and ends the loop when
 * the sink has failed; a sink may have threads of its own (RELP's reader of answers, Kafka's
 * producer), which report to it through fields it guards. Each thread's name starts with what it
 * does ({@code checkpoint (logger-reader forward)}), since the first 15 characters are all that
 * {@code top -H} and /proc show of it. Everything the forwarder says goes to standard error, one
 * line per change of state.
 */
package io.github.kernellogger.reader.forward;
