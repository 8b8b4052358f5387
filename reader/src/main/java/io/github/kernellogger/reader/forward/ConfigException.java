package io.github.kernellogger.reader.forward;

/**
 * A forwarder's configuration cannot be used: the file is missing, a key is unknown or missing,
 * or a value is bad. The message names the file, the key and why, in one line; the command
 * exits with 2, which its systemd unit does not restart (a bad configuration stays bad).
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
