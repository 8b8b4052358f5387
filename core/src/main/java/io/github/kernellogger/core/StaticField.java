package io.github.kernellogger.core;

import io.github.kernellogger.device.Frames;
import io.github.kernellogger.device.RecordField;
import java.nio.charset.StandardCharsets;

/**
 * A field every record of an appender carries, before the event's own: for Log4j2, a
 * {@code <KeyValuePair key="SERVICE" value="payments"/>} inside {@code <KernelDevice>}; for
 * Logback, a {@code <field>SERVICE=payments</field>}. Each framework resolves its substitutions
 * ({@code ${hostName}}, {@code ${HOSTNAME}}) once, when it reads the configuration.
 *
 * @param name the key: 1 to 64 bytes of {@code [A-Za-z0-9_.-]}, not starting with {@code _}
 * @param value the value, written as UTF-8
 */
public record StaticField(String name, String value) {

    /**
     * @throws IllegalArgumentException with a message for the status log, if the name is not a
     *     key of /dev/logger or the value is too long for a field
     */
    public StaticField {
        if (!RecordField.isValidKey(name)) {
            throw new IllegalArgumentException("the key '" + name + "' is not a key of "
                    + "/dev/logger: use 1 to 64 of A-Z a-z 0-9 _ . -, not starting with _");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > Frames.MAX_VALUE) {
            throw new IllegalArgumentException("the value of " + name + " takes more than "
                    + Frames.MAX_VALUE + " bytes");
        }
    }
}
