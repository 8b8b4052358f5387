package io.github.kernellogger.reader.command;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/** Whether standard output is a terminal, which decides colors under --color=auto. */
final class Terminal {
    private Terminal() {}

    static {
        Native.register(Terminal.class, Platform.C_LIBRARY_NAME);
    }

    private static native int isatty(int fd);

    static boolean stdoutIsTerminal() {
        return isatty(1) == 1;
    }
}
