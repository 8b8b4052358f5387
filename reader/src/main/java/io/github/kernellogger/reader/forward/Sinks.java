package io.github.kernellogger.reader.forward;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * The sinks a forwarder's configuration may name ({@code sink = NAME}): the {@link SinkProvider}s
 * that {@link ServiceLoader} finds on the class path (the reader's own: syslog, relp) and in the
 * jars of the folder {@code plugins/} beside logger-reader.jar, where a plugin's package puts its
 * jar ({@code /usr/share/logger-reader/plugins/logger-reader-kafka.jar}). A sink the project
 * ships as a package of its own, named but not installed, is refused with the package to install.
 */
final class Sinks {
    /** The sinks that are packages of their own, and their packages. */
    static final Map<String, String> PACKAGED = Map.of("kafka", "logger-reader-kafka");

    private static List<SinkProvider> providers;

    private Sinks() {}

    /** Every sink that can be named, found or packaged, in the order of their help. */
    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (SinkProvider p : providers()) {
            names.add(p.name());
        }
        for (String packaged : PACKAGED.keySet()) {
            if (!names.contains(packaged)) {
                names.add(packaged);
            }
        }
        return names;
    }

    /** "syslog, relp or kafka". */
    static String list() {
        List<String> names = names();
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /**
     * The provider of {@code name}.
     *
     * @throws IllegalArgumentException if there is none, naming the package to install for a
     *     sink that is one
     */
    static SinkProvider provider(String name) {
        for (SinkProvider p : providers()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        String pkg = PACKAGED.get(name);
        if (pkg != null) {
            throw new IllegalArgumentException("sink = " + name + " needs the package " + pkg + ", which is not "
                    + "installed (no plugin of that sink" + pluginsFolder().map(d -> " in " + d).orElse("") + ")");
        }
        throw new IllegalArgumentException("sink '" + name + "' is not a sink: " + list()
                + (name.contains("#") ? " (a # starts a comment only at the start of a line)" : ""));
    }

    /** Found once: the class path, then the plugins' jars. */
    private static synchronized List<SinkProvider> providers() {
        if (providers == null) {
            List<SinkProvider> found = new ArrayList<>();
            Map<String, SinkProvider> byName = new LinkedHashMap<>();
            for (SinkProvider p : ServiceLoader.load(SinkProvider.class, pluginLoader())) {
                byName.putIfAbsent(p.name(), p);
            }
            // The reader's own first, in the order of the help.
            for (String own : List.of("syslog", "relp")) {
                if (byName.containsKey(own)) {
                    found.add(byName.remove(own));
                }
            }
            found.addAll(byName.values());
            providers = List.copyOf(found);
        }
        return providers;
    }

    /** The class path's loader, or one over it and the jars of the plugins folder, if there are any. */
    private static ClassLoader pluginLoader() {
        ClassLoader parent = Sinks.class.getClassLoader();
        Path folder = pluginsFolder().orElse(null);
        if (folder == null || !Files.isDirectory(folder)) {
            return parent;
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path jar : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".jar")).sorted()::iterator) {
                jars.add(jar.toUri().toURL());
            }
        } catch (IOException e) {
            return parent; // unreadable: as if empty, and a sink named from it is said to be missing
        }
        return jars.isEmpty() ? parent : new URLClassLoader("logger-reader plugins", jars.toArray(new URL[0]), parent);
    }

    /** {@code plugins/} beside the jar this class was loaded from; empty when run from classes. */
    static Optional<Path> pluginsFolder() {
        try {
            var source = Sinks.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path where = Path.of(source.getLocation().toURI());
            return where.toString().endsWith(".jar") ? Optional.of(where.resolveSibling("plugins"))
                    : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

}
