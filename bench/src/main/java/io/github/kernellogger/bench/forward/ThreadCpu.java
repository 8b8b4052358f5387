package io.github.kernellogger.bench.forward;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CPU seconds the threads of a live process have used, from /proc (Linux): what a flight
 * recording does not show, since it samples only threads running Java code, while a forwarder's
 * system calls (the kernel's loopback delivery among them), its JIT compilers and its garbage
 * collector use CPU too; and which thread of a receiver is its bottleneck (rsyslog takes each
 * input on one thread).
 */
final class ThreadCpu {
    /** USER_HZ, the unit of /proc's CPU times: 100 on every architecture Linux runs on today. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** One thread: its name (the first 15 characters, all /proc keeps) and its CPU seconds so far. */
    record Thread(String name, double seconds) {}

    private ThreadCpu() {}

    /** The threads of process {@code pid} by their id; empty if it is gone. */
    static Map<String, Thread> threads(long pid) {
        Map<String, Thread> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // utime and stime, fields 14 and 15 of proc(5)'s stat, 12 and 13 after the name
                threads.put(task.getFileName().toString(),
                        new Thread(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND));
            }
        } catch (IOException e) {
            return Map.of();
        }
        return threads;
    }

    /**
     * The CPU seconds of a JVM's threads by what they are: {@code main} (the launcher's thread,
     * {@code java} in /proc), {@code JIT} (C1 and C2), {@code GC}, and every other by its name,
     * numbers at the end left out.
     */
    static Map<String, Double> byKind(long pid) {
        Map<String, Double> seconds = new TreeMap<>();
        threads(pid).values().forEach(t -> seconds.merge(kind(t.name()), t.seconds(), Double::sum));
        return seconds;
    }

    /** The thread of {@code after} that used the most CPU since {@code before}, or null for none. */
    static Thread busiest(Map<String, Thread> before, Map<String, Thread> after) {
        Thread busiest = null;
        for (Map.Entry<String, Thread> t : after.entrySet()) {
            Thread was = before.get(t.getKey());
            double used = t.getValue().seconds() - (was == null ? 0 : was.seconds());
            if (busiest == null || used > busiest.seconds()) {
                busiest = new Thread(t.getValue().name(), used);
            }
        }
        return busiest;
    }

    private static String kind(String name) {
        if (name.equals("java")) {
            return "main";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "JIT";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "GC";
        }
        return name.replaceAll("[#0-9 -]+$", "");
    }
}
