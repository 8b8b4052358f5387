package io.github.kernellogger.reader.forward;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code syslog.*} keys of a forwarder's configuration, checked: where the server is, TLS,
 * the facility, and how the sink bounds what it has sent but not yet seen accepted.
 *
 * @param settleInterval how long a record may stay sent but not accepted before the sink ends
 *     the connection to learn that it was (see {@link SyslogSink})
 * @param settleBytes how many bytes may be sent and not yet accepted, likewise
 */
record SyslogSettings(String host, int port, boolean tls, Path ca, Path cert, Path key, int facility,
        Duration timeout, Duration settleInterval, long settleBytes, int maxMessageSize, Framing framing) {

    /** The keys, without the prefix "syslog.". */
    static final Set<String> KEYS = Set.of("host", "port", "tls", "tls.ca", "tls.cert", "tls.key", "facility",
            "timeout", "settle.interval", "settle.bytes", "max.message.size", "framing");

    /** How messages are told apart on the connection (RFC 6587, 3.4). */
    enum Framing {
        /** Each message after its length in bytes and a space: any byte may be in a message. */
        OCTET_COUNTING,
        /** Each message a line, a line feed inside it escaped as rsyslog escapes it: {@code #012}. */
        NEWLINE
    }

    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog",
            "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron",
            "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");

    /**
     * @param settings the configuration's syslog.* entries, the prefix removed
     * @throws IllegalArgumentException naming the key and what is wrong with it
     */
    static SyslogSettings parse(Map<String, String> settings) {
        Set<String> unknown = new TreeSet<>(settings.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("syslog." + unknown.iterator().next() + " is not a setting of the "
                    + "syslog sink (it has syslog." + String.join(", syslog.", new TreeSet<>(KEYS)) + ")");
        }
        String host = settings.get("host");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("syslog.host is missing: the name or address of the syslog server");
        }
        boolean tls = bool(settings, "tls", false);
        int port = (int) number(settings, "port", tls ? 6514 : 514, 1, 65535);
        Path ca = path(settings, "tls.ca");
        Path cert = path(settings, "tls.cert");
        Path key = path(settings, "tls.key");
        if (!tls && (ca != null || cert != null || key != null)) {
            throw new IllegalArgumentException("syslog.tls.* are set but syslog.tls is not true");
        }
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("syslog.tls.cert and syslog.tls.key go together: the client's "
                    + "certificate and its key");
        }
        int facility = facility(settings.getOrDefault("facility", "user"));
        Duration timeout = duration(settings, "timeout", Duration.ofSeconds(10));
        Duration settleInterval = duration(settings, "settle.interval", Duration.ofSeconds(1));
        long settleBytes = number(settings, "settle.bytes", 1 << 20, 1, Integer.MAX_VALUE);
        int maxSize = (int) number(settings, "max.message.size", 8192, Rfc5424.SMALLEST_MAX, 1 << 24);
        Framing framing = switch (settings.getOrDefault("framing", "octet-counting").trim().toLowerCase(Locale.ROOT)) {
            case "octet-counting" -> Framing.OCTET_COUNTING;
            case "newline" -> Framing.NEWLINE;
            default -> throw new IllegalArgumentException("syslog.framing '" + settings.get("framing")
                    + "' is neither octet-counting nor newline");
        };
        return new SyslogSettings(host.trim(), port, tls, ca, cert, key, facility, timeout, settleInterval,
                settleBytes, maxSize, framing);
    }

    /** Where the server is, for messages: "syslog at HOST:PORT (TLS)". */
    String describe() {
        return "syslog at " + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + (tls ? " (TLS)" : " (TCP)");
    }

    private static int facility(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int i = FACILITIES.indexOf(t);
        if (i >= 0) {
            return i;
        }
        try {
            int n = Integer.parseInt(t);
            if (n >= 0 && n <= 23) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("syslog.facility '" + text + "' is not a facility: 0..23 or "
                + String.join(", ", FACILITIES));
    }

    private static boolean bool(Map<String, String> settings, String key, boolean otherwise) {
        String v = settings.get(key);
        if (v == null) {
            return otherwise;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("syslog." + key + " '" + v + "' is neither true nor false");
        };
    }

    private static long number(Map<String, String> settings, String key, long otherwise, long min, long max) {
        String v = settings.get(key);
        if (v == null) {
            return otherwise;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("syslog." + key + " '" + v + "' is not a number in " + min + ".." + max);
    }

    private static Duration duration(Map<String, String> settings, String key, Duration otherwise) {
        String v = settings.get(key);
        if (v == null) {
            return otherwise;
        }
        try {
            Duration d = Durations.parse(v);
            if (!d.isZero()) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("syslog." + key + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("syslog." + key + " must be more than 0");
    }

    private static Path path(Map<String, String> settings, String key) {
        String v = settings.get(key);
        return v == null || v.isBlank() ? null : Path.of(v.trim());
    }
}
