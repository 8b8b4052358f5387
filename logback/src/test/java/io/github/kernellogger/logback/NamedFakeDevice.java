package io.github.kernellogger.logback;

import io.github.kernellogger.core.FakeDevice;
import io.github.kernellogger.core.RecordDevice;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code <deviceFactory class="io.github.kernellogger.logback.NamedFakeDevice"><name>x</name></deviceFactory>}
 * in a Logback configuration: the core's {@link FakeDevice} of that name, for the test to find
 * with {@code FakeDevice.named("x")}.
 */
public final class NamedFakeDevice implements RecordDevice.Factory {
    private String name = "";

    public void setName(String name) {
        this.name = name;
    }

    @Override
    public RecordDevice open(Path path) throws IOException {
        return FakeDevice.named(name).open(path);
    }
}
