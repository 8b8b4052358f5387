package io.github.kernellogger.reader.command;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Standard output as every command writes it: bytes, unbuffered (each printer buffers what it
 * prints), and a failure that is never swallowed: each write that fails throws an
 * {@link OutputException}, and the first failure is kept for output that went through a
 * stream that hides errors (picocli's help goes through a PrintWriter).
 */
public final class StandardOutput extends OutputStream {
    private final OutputStream out;
    private OutputException failure;

    public StandardOutput(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Flushes; standard output itself stays open for whatever the process writes last. */
    @Override
    public void close() throws IOException {
        flush();
    }

    /** Writes {@code text} in UTF-8. */
    public void print(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code text} and a newline. */
    public void println(String text) throws IOException {
        print(text + "\n");
    }

    /** Writes a formatted line part, with numbers formatted the same in every locale. */
    public void printf(String format, Object... args) throws IOException {
        print(String.format(Locale.ROOT, format, args));
    }

    /** The first write that failed, or null. */
    public OutputException failure() {
        return failure;
    }

    private OutputException failed(IOException e) {
        OutputException f = e instanceof OutputException o ? o : new OutputException(e);
        if (failure == null) {
            failure = f;
        }
        return f;
    }
}
