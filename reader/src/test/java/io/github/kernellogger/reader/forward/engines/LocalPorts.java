package io.github.kernellogger.reader.forward.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Ports on 127.0.0.1 for the engines: a free one to give an engine, and whether a given process
 * listens on one, read from the kernel's own tables (/proc/net/tcp and tcp6, and the process's
 * open sockets in /proc/PID/fd). Asking the kernel rather than connecting tells readiness without
 * sending the engine anything (a bare connection to a TLS port makes rsyslog log a handshake
 * error), and without mistaking another process that holds the port for ours.
 */
final class LocalPorts {
    /** The state column's value for a listening socket (TCP_LISTEN). */
    private static final String LISTEN = "0A";

    private LocalPorts() {
    }

    /** A port of 127.0.0.1 that no one listened on a moment ago. */
    static int free() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        }
    }

    /** Whether the process {@code pid} itself has a socket listening on TCP port {@code port}. */
    static boolean listens(long pid, int port) throws IOException {
        Set<String> listening = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            listeningInodes(Path.of(table), port, listening);
        }
        if (listening.isEmpty()) {
            return false;
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.anyMatch(fd -> listening.contains(socketInode(fd)));
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Adds the inodes of the sockets listening on {@code port} in one table of /proc/net. */
    private static void listeningInodes(Path table, int port, Set<String> into) throws IOException {
        if (!Files.exists(table)) {
            return;
        }
        String portHex = String.format(":%04X", port);
        for (String line : Files.readAllLines(table)) {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            String[] f = line.trim().split("\\s+");
            if (f.length > 9 && f[1].endsWith(portHex) && f[3].equals(LISTEN)) {
                into.add(f[9]);
            }
        }
    }

    /** The inode of the socket an fd link names ("socket:[1234]"), or "" for anything else. */
    private static String socketInode(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("socket:[") ? target.substring(8, target.length() - 1) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
