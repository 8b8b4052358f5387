package io.github.kernellogger.appender;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.LoggerDevice;
import io.github.kernellogger.device.testing.KernelModule;
import java.util.ArrayList;
import java.util.List;

/** The real device's ring, as the *KernelIT tests read it back. */
final class Ring {
    private Ring() {}

    /** Big enough that nothing a test writes is evicted before it is read. */
    static final String BIG = "buffer_size=67108864";

    /** Every record on the device, oldest first. */
    static List<LogRecord> readAll() throws Exception {
        List<LogRecord> out = new ArrayList<>();
        try (LoggerDevice r = LoggerDevice.open(KernelModule.DEVICE, LoggerDevice.Mode.READ, true)) {
            while (r.readRecords(out::add) > 0) {
                // until nothing is left
            }
        }
        return out;
    }
}
