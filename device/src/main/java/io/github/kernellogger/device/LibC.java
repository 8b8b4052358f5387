package io.github.kernellogger.device;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The system calls the binding needs, through JNA direct mapping: the fastest way JNA offers,
 * near a hand-written JNI call. Buffers are passed as plain addresses of direct buffers, so a
 * call allocates nothing; a failure throws {@link LastErrorException} with the errno. Check
 * {@link #UNAVAILABLE} before the first call.
 */
final class LibC {
    private LibC() {}

    /**
     * Why this JVM cannot make the calls below, or null when it can. Kept here rather than thrown
     * from the class's initializer, which would fail once with the reason and then with a bare
     * NoClassDefFoundError on every later use.
     */
    static final String UNAVAILABLE = register();

    private static String register() {
        try {
            if (!Platform.isLinux() || !Platform.is64Bit()) {
                return "/dev/logger is a Linux device; this binding needs Linux and a 64-bit JVM, not "
                        + System.getProperty("os.name") + " on " + System.getProperty("os.arch");
            }
            Native.register(LibC.class, Platform.C_LIBRARY_NAME);
            return null;
        } catch (LinkageError | RuntimeException e) {
            return "JNA cannot load its native library (" + e
                    + "); if the temporary directory is mounted noexec, set jna.tmpdir to one that is not";
        }
    }

    // <fcntl.h>, <unistd.h> and <poll.h> on Linux (asm-generic values).
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_RDWR = 2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int SEEK_SET = 0;
    static final int SEEK_CUR = 1;
    static final int SEEK_END = 2;
    static final short POLLIN = 0x1;
    /** sizeof(struct pollfd): int fd, short events, short revents. */
    static final int POLLFD_SIZE = 8;

    static native int open(String path, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native long read(int fd, long buf, long count) throws LastErrorException;

    static native long write(int fd, long buf, long count) throws LastErrorException;

    static native long lseek(int fd, long offset, int whence) throws LastErrorException;

    // ioctl is variadic in C; every argument here is an integer or a pointer, which the
    // Linux calling conventions pass the same way either way.
    static native int ioctl(int fd, long request, long arg) throws LastErrorException;

    static native int poll(long fds, long nfds, int timeoutMillis) throws LastErrorException;
}
