package io.github.kernellogger.reader.forward;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A forwarder's configuration file: Java properties ({@code key = value}, {@code #} comments at
 * the start of a line), one sink per file. The keys every sink shares are here; a sink's own
 * ({@code syslog.*}, {@code relp.*}, {@code kafka.*}) go to it with their prefix removed
 * ({@link SinkSettings}), and the other sinks' keys are refused, as are unknown keys and a key
 * given twice. Time spans are in the grammar of {@code --since} and {@code --timeout}
 * (systemd.time(7)), which the command hands over.
 *
 * @param sink which sink: {@code syslog}, {@code relp}, or a plugin's ({@code kafka})
 * @param provider the sink's provider, found ({@link Sinks})
 * @param sinkSettings the sink's keys, the prefix removed
 * @param sinkDescription where the sink sends, for the forwarder's lines
 * @param hostname HOSTNAME of what is sent, or null for the host's own name
 * @param retryInitial the first wait after a failure to reach the sink, doubled after each
 * @param retryMax the longest wait between two attempts
 * @param metricsInterval how often the progress file is written
 */
public record ForwardConfig(Path file, String sink, SinkProvider provider, SinkSettings sinkSettings,
        String sinkDescription, String hostname, Duration retryInitial, Duration retryMax, Duration metricsInterval) {

    /** The keys of the forwarder itself. */
    static final Set<String> COMMON_KEYS = Set.of("sink", "hostname", "retry.initial", "retry.max", "metrics.interval");

    /**
     * Reads and checks {@code file}, and the sink's settings (the files they name included).
     *
     * @param spans reads a time span, throwing IllegalArgumentException for one it cannot
     * @throws ConfigException naming the file, the key and what is wrong
     */
    public static ForwardConfig read(Path file, Function<String, Duration> spans) {
        Map<String, String> entries = new TreeMap<>();
        Properties p = new Properties() {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Object put(Object key, Object value) {
                String k = ((String) key).trim();
                if (entries.put(k, ((String) value).trim()) != null) {
                    throw new IllegalArgumentException(k + " is given twice");
                }
                return super.put(key, value);
            }
        };
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw invalid(file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw invalid(file, "permission denied", e);
        } catch (IOException | IllegalArgumentException e) {
            throw invalid(file, e.getMessage(), e);
        }
        try {
            return of(file, entries, spans);
        } catch (IllegalArgumentException e) {
            throw invalid(file, e.getMessage(), e);
        } catch (RuntimeException | LinkageError e) {
            // A plugin's check that fails otherwise (a class it cannot load): still one line.
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw invalid(file, "the sink's plugin failed to check it: " + root, e);
        }
    }

    static ConfigException invalid(Path file, String why, Throwable cause) {
        return new ConfigException("the forwarder's configuration " + file + ": " + why, cause);
    }

    private static ForwardConfig of(Path file, Map<String, String> entries, Function<String, Duration> spans) {
        String sink = entries.get("sink");
        if (sink == null || sink.isEmpty()) {
            throw new IllegalArgumentException("sink is missing: sink = " + Sinks.list());
        }
        List<String> known = Sinks.names();
        if (!known.contains(sink)) {
            Sinks.provider(sink); // says why
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            String key = e.getKey();
            if (COMMON_KEYS.contains(key)) {
                continue;
            }
            int dot = key.indexOf('.');
            String prefix = dot < 0 ? key : key.substring(0, dot);
            if (prefix.equals(sink) && dot > 0) {
                settings.put(key.substring(dot + 1), e.getValue());
            } else if (known.contains(prefix)) {
                throw new IllegalArgumentException(key + " is for sink = " + prefix + ", and this file says sink = " + sink);
            } else {
                throw new IllegalArgumentException(key + " is not a setting (the settings are "
                        + String.join(", ", new TreeSet<>(COMMON_KEYS)) + " and " + sink + ".*)");
            }
        }
        SinkProvider provider = Sinks.provider(sink);
        // A plugin's libraries may load classes by name through the thread's context class loader
        // (Kafka's do, for its default classes): it must be the plugin's. Threads started from
        // here on (the checkpoint, a producer's I/O thread) inherit it.
        Thread.currentThread().setContextClassLoader(provider.getClass().getClassLoader());
        SinkSettings sinkSettings = new SinkSettings(sink, settings, spans);
        String description = provider.check(sinkSettings);
        String hostname = entries.get("hostname");
        SinkSettings own = new SinkSettings("", entries, spans);
        Duration initial = own.duration("retry.initial", Duration.ofSeconds(1));
        Duration max = own.duration("retry.max", Duration.ofSeconds(60));
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("retry.max (" + Durations.text(max) + ") is less than retry.initial ("
                    + Durations.text(initial) + ")");
        }
        Duration metrics = own.duration("metrics.interval", Duration.ofSeconds(5));
        return new ForwardConfig(file, sink, provider, sinkSettings, description,
                hostname == null || hostname.isEmpty() ? null : hostname, initial, max, metrics);
    }

    /** Where the records go, for the forwarder's messages. */
    public String describeSink() {
        return sinkDescription;
    }
}
