package io.github.kernellogger.appender;

import io.github.kernellogger.device.Frames;
import io.github.kernellogger.device.RecordField;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * {@code <Field name="SERVICE" value="payments"/>} inside {@code <KernelDevice>}: a field every
 * record of the appender carries, before the event's own. Log4j resolves lookups in the value
 * ({@code ${hostName}}, {@code ${env:REGION}}) once, when it reads the configuration.
 *
 * @param name the key: 1 to 64 bytes of {@code [A-Za-z0-9_.-]}, not starting with {@code _}
 * @param value the value, written as UTF-8
 */
@Plugin(name = "Field", category = Core.CATEGORY_NAME, printObject = true)
public record StaticField(String name, String value) {

    public StaticField {
        if (!RecordField.isValidKey(name)) {
            throw new IllegalArgumentException("Field name '" + name + "' is not a key of "
                    + "/dev/logger: use 1 to 64 of A-Z a-z 0-9 _ . -, not starting with _");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > Frames.MAX_VALUE) {
            throw new IllegalArgumentException("Field " + name + ": the value takes more than "
                    + Frames.MAX_VALUE + " bytes");
        }
    }

    /**
     * From the configuration; a bad name or value is a status error, and the field is left out.
     */
    @PluginFactory
    public static StaticField create(@PluginAttribute("name") String name,
            @PluginAttribute("value") String value) {
        try {
            return new StaticField(name == null ? "" : name, value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            StatusLogger.getLogger().error("KernelDevice: {}; the field is left out", e.getMessage());
            return null;
        }
    }
}
