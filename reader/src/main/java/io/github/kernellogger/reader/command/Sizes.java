package io.github.kernellogger.reader.command;

import java.util.Locale;

/** Byte counts for people: 512 B, 3.2 KiB, 1.0 MiB. */
final class Sizes {
    private Sizes() {}

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
