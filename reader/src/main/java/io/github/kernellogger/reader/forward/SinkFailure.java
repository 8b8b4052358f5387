package io.github.kernellogger.reader.forward;

import java.io.IOException;

/**
 * The sink failed (its server is down, refused, or did not confirm): the forwarder backs off and
 * resumes from its cursor. Told apart from the device's and the cursor file's failures, which end
 * the run.
 */
final class SinkFailure extends IOException {
    private static final long serialVersionUID = 1L;

    SinkFailure(IOException cause) {
        super(cause.getMessage(), cause);
    }
}
