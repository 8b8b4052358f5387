package io.github.kernellogger.core;

/**
 * Where the core reports its own problems (a missing device, a refused record, a drain thread
 * that ended): the logging framework's status mechanism, which each adapter implements (Log4j2:
 * its StatusLogger; Logback: the appender's {@code addError}/{@code addWarn}, to the context's
 * status manager). Never a normal logger, so that the pipeline cannot log into itself.
 *
 * <p>Messages come finished, one line each; they are rare (once per outage, not per event), so
 * building them costs nothing that matters. Implementations must not throw.
 */
public interface Diagnostics {

    /** Something was lost, or will be until an outage ends. */
    void error(String message, Throwable cause);

    /** Something worth an operator's look that lost nothing. */
    void warn(String message);

    /** A recovery (the device is back). */
    void info(String message);

    /** Reports nothing: for tests and benchmarks that read the counters instead. */
    Diagnostics NONE = new Diagnostics() {
        @Override
        public void error(String message, Throwable cause) {}

        @Override
        public void warn(String message) {}

        @Override
        public void info(String message) {}
    };
}
