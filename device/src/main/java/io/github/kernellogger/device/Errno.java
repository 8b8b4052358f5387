package io.github.kernellogger.device;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Names and descriptions of errno values, from the C library itself; public for the reader,
 * which names the errno of a failed write to its standard output the same way.
 */
public final class Errno {
    private Errno() {}

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EACCES = 13;
    static final int EAGAIN = 11;
    static final int EINVAL = 22;
    static final int ENOTTY = 25;
    /** A write to a pipe or socket whose reading end is closed. */
    public static final int EPIPE = 32;

    static final int ENOSYS = 38;

    // glibc 2.32+ has strerrorname_np; elsewhere, and where JNA cannot load, the number.
    private static final Function STRERRORNAME = lookup("strerrorname_np");
    private static final Function STRERROR = lookup("strerror");

    private static Function lookup(String symbol) {
        if (LibC.UNAVAILABLE != null) {
            return null;
        }
        try {
            return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction(symbol);
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** "ENOENT" for 2, or "errno 2" where the C library cannot name it. */
    public static String name(int errno) {
        String name = STRERRORNAME == null ? null
                : (String) STRERRORNAME.invoke(String.class, new Object[] {errno});
        return name != null ? name : "errno " + errno;
    }

    /**
     * The errno whose description is {@code text}, as the JDK puts it in an IOException's
     * message ("Message too long" is EMSGSIZE); 0 if none matches.
     */
    public static int fromDescription(String text) {
        if (text == null) {
            return 0;
        }
        for (int errno = 1; errno < 256; errno++) {
            if (text.equals(describe(errno)) || text.endsWith(": " + describe(errno))) {
                return errno;
            }
        }
        return 0;
    }

    /** "No such file or directory" for 2. */
    public static String describe(int errno) {
        String text = STRERROR == null ? null
                : (String) STRERROR.invoke(String.class, new Object[] {errno});
        return text != null ? text : "errno " + errno;
    }
}
