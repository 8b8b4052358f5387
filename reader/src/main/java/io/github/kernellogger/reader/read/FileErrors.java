package io.github.kernellogger.reader.read;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Why a file operation failed, in words: the JDK's exceptions give only the path. */
final class FileErrors {
    private FileErrors() {}

    static String reason(Path path, IOException e) {
        if (e instanceof NoSuchFileException) {
            Path folder = folder(path);
            return Files.isDirectory(folder) ? "it does not exist" : "the folder " + folder + " does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }

    /** The folder {@code path} is in. */
    static Path folder(Path path) {
        Path folder = path.toAbsolutePath().getParent();
        return folder != null ? folder : path.toAbsolutePath().getRoot();
    }
}
