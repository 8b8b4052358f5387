package io.github.kernellogger.reader.forward;

import java.io.IOException;

/**
 * A kind of sink a forwarder's configuration names with {@code sink = NAME}, found through
 * {@link java.util.ServiceLoader}: the reader's own ({@code syslog}, {@code relp}) and those of
 * plugin jars, each a package of its own ({@code logger-reader-kafka}), as rsyslog has an output
 * module per package. A plugin's jar lists its provider in
 * {@code META-INF/services/io.github.kernellogger.reader.forward.SinkProvider} and is put in the
 * folder {@code plugins/} beside logger-reader.jar ({@link Sinks}).
 *
 * <p>A provider is asked to {@link #check} the settings once, when the forwarder starts (before
 * any wait: a bad setting is one line and exit 2), and to {@link #open} a sink at each attempt to
 * reach the server.
 */
public interface SinkProvider {

    /** The name a configuration gives: {@code sink = NAME}, the prefix of its keys. */
    String name();

    /**
     * Checks the settings without connecting, files they name included (a TLS key that cannot be
     * read).
     *
     * @return where the sink sends, for the forwarder's lines: {@code kafka topic logs on b:9092}
     * @throws IllegalArgumentException for a bad setting, the message naming the key
     */
    String check(SinkSettings settings);

    /**
     * Opens a sink: connects to its server.
     *
     * @param hostname the host's name, for the records' HOSTNAME or key
     * @throws IOException if the server cannot be reached now (it is retried)
     * @throws IllegalArgumentException for a bad setting
     */
    Sink open(SinkSettings settings, String hostname) throws IOException;
}
