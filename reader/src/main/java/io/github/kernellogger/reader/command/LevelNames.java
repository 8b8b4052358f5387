package io.github.kernellogger.reader.command;

import io.github.kernellogger.device.SyslogLevel;
import java.util.Arrays;
import java.util.Iterator;

/** The syslog level names, most severe first, for help and completion of {@code -p}. */
final class LevelNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(SyslogLevel.values()).map(SyslogLevel::label).iterator();
    }
}
