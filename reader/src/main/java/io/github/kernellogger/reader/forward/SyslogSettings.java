package io.github.kernellogger.reader.forward;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code syslog.*} or {@code relp.*} keys of a forwarder's configuration, checked: where the
 * server is, TLS, the facility, the longest message; of plain syslog, the framing and how the
 * sink bounds what it has sent but not yet seen accepted; of RELP, its window.
 *
 * @param sink the prefix of the keys: {@code syslog} or {@code relp}
 * @param settleInterval how long a record may stay sent but not accepted before the sink ends
 *     the connection to learn that it was (see {@link SyslogSink})
 * @param settleBytes how many bytes may be sent and not yet accepted, likewise
 * @param window of RELP: how many messages may be sent and not yet acknowledged
 */
record SyslogSettings(String sink, String host, int port, boolean tls, Path ca, Path cert, Path key, int facility,
        Duration timeout, Duration settleInterval, long settleBytes, int maxMessageSize, Framing framing,
        int window) {

    /** The keys of both, without the prefix. */
    private static final Set<String> SHARED_KEYS = Set.of("host", "port", "tls", "tls.ca", "tls.cert", "tls.key",
            "facility", "timeout", "max.message.size");
    /** The keys of sink = syslog, without the prefix "syslog.". */
    static final Set<String> KEYS = union(SHARED_KEYS, Set.of("settle.interval", "settle.bytes", "framing"));
    /** The keys of sink = relp, without the prefix "relp.". */
    static final Set<String> RELP_KEYS = union(SHARED_KEYS, Set.of("window"));
    /** RELP has no port of its own; rsyslog's imrelp examples use this one. */
    static final int RELP_PORT = 2514;

    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog",
            "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron",
            "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");

    /** How messages are told apart on the connection (RFC 6587, 3.4). */
    enum Framing {
        /** Each message after its length in bytes and a space: any byte may be in a message. */
        OCTET_COUNTING,
        /** Each message a line, a line feed inside it escaped as rsyslog escapes it: {@code #012}. */
        NEWLINE
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }

    /**
     * @param s the configuration's syslog.* or relp.* entries
     * @throws IllegalArgumentException naming the key and what is wrong with it
     */
    static SyslogSettings parse(SinkSettings s) {
        String sink = s.sink();
        boolean relp = sink.equals("relp");
        s.allowOnly(relp ? RELP_KEYS : KEYS);
        String host = s.required("host", "the name or address of the " + sink + " server");
        boolean tls = s.bool("tls", false);
        int port = (int) s.number("port", relp ? RELP_PORT : tls ? 6514 : 514, 1, 65535);
        Path ca = s.path("tls.ca");
        Path cert = s.path("tls.cert");
        Path key = s.path("tls.key");
        if (!tls && (ca != null || cert != null || key != null)) {
            throw new IllegalArgumentException(sink + ".tls.* are set but " + sink + ".tls is not true");
        }
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException(sink + ".tls.cert and " + sink + ".tls.key go together: the client's "
                    + "certificate and its key");
        }
        int facility = facility(s);
        Duration timeout = s.duration("timeout", Duration.ofSeconds(10));
        Duration settleInterval = s.duration("settle.interval", Duration.ofSeconds(1));
        long settleBytes = s.number("settle.bytes", 1 << 20, 1, Integer.MAX_VALUE);
        int maxSize = (int) s.number("max.message.size", 8192, Rfc5424.SMALLEST_MAX, 1 << 24);
        Framing framing = s.choice("framing", "octet-counting", "newline").equals("newline")
                ? Framing.NEWLINE : Framing.OCTET_COUNTING;
        int window = (int) s.number("window", RelpSink.DEFAULT_WINDOW, 1, RelpSink.MAX_WINDOW);
        return new SyslogSettings(sink, host, port, tls, ca, cert, key, facility, timeout, settleInterval,
                settleBytes, maxSize, framing, window);
    }

    /**
     * A provider's check: the settings, and the TLS files they name.
     *
     * @return where the server is, for messages
     * @throws IllegalArgumentException naming the key or file and what is wrong with it
     */
    static String check(SinkSettings settings) {
        SyslogSettings s = parse(settings);
        if (s.tls()) {
            TlsContext.of(s);
        }
        return s.describe();
    }

    /** Where the server is, for messages: "syslog at HOST:PORT (TLS)", "relp at HOST:PORT (TCP)". */
    String describe() {
        return sink + " at " + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + (tls ? " (TLS)" : " (TCP)");
    }

    private static int facility(SinkSettings s) {
        String text = s.get("facility") == null ? "user" : s.get("facility");
        String t = text.toLowerCase(Locale.ROOT);
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
        throw new IllegalArgumentException(s.name("facility") + " '" + text + "' is not a facility: 0..23 or "
                + String.join(", ", FACILITIES));
    }
}
