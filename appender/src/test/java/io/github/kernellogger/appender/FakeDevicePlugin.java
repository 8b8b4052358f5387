package io.github.kernellogger.appender;

import io.github.kernellogger.core.FakeDevice;
import io.github.kernellogger.core.RecordDevice;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;

/**
 * {@code <FakeDevice name="x" missing="true"/>} inside {@code <KernelDevice>}: the core's
 * {@link FakeDevice} of that name, as a Log4j plugin element, so that an XML configuration can
 * name it and the test find it with {@code FakeDevice.named("x")}. Log4j accepts an element
 * whose plugin class is the field's type, so this class opens the named device for the appender.
 */
@Plugin(name = "FakeDevice", category = Core.CATEGORY_NAME, elementType = "deviceFactory")
final class FakeDevicePlugin implements RecordDevice.Factory {
    private final FakeDevice device;

    private FakeDevicePlugin(FakeDevice device) {
        this.device = device;
    }

    /** {@code missing="true"}: one that fails every open until told otherwise. */
    @PluginFactory
    static FakeDevicePlugin create(@PluginAttribute("name") String name,
            @PluginAttribute("missing") boolean missing) {
        FakeDevice device = FakeDevice.named(name);
        if (missing) {
            device.failOpens.set(Integer.MAX_VALUE);
        }
        return new FakeDevicePlugin(device);
    }

    @Override
    public RecordDevice open(Path path) throws IOException {
        return device.open(path);
    }
}
