package io.github.kernellogger.reader.command;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pager a dump goes through on a terminal, as journalctl's: {@code $PAGER} if set (run by the
 * shell, so it may have options: {@code PAGER='less -S'}; empty or {@code cat}: no pager), else
 * {@code less}, else {@code more}. less gets {@code LESS=FRSXMK} unless {@code LESS} is set, as
 * journalctl sets it: quit if one screen holds it all (F), colors (R), long lines cut rather than
 * wrapped (S), no screen clearing (X), a long prompt (M), and Ctrl-C quits (K). With -e it starts
 * at the end ({@code +G}, for less).
 *
 * <p>The reader writes into the pager's standard input and waits for it to end; when the user
 * quits it early, the next write fails as a closed pipe does, which ends the run quietly. Ctrl-C
 * reaches both: the reader's shutdown hook waits for the pager before the process ends, so that
 * the shell gets the terminal back from the pager, not from under it.
 */
final class Pager {
    /** journalctl's settings for less. */
    static final String LESS = "FRSXMK";

    private final Process process;
    private final StandardOutput input;

    private Pager(Process process) {
        this.process = process;
        this.input = new StandardOutput(process.getOutputStream());
    }

    /**
     * Starts the pager the environment asks for, its output on this process's terminal.
     *
     * @param atEnd start at the end (-e)
     * @return the pager, or null if none is to be used or none was found
     * @throws IOException if it cannot be started
     */
    static Pager start(Map<String, String> env, boolean atEnd) throws IOException {
        List<String> command = command(env, atEnd);
        if (command == null) {
            return null;
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        if (env.get("LESS") == null) {
            pb.environment().put("LESS", LESS);
        }
        try {
            return new Pager(pb.start());
        } catch (IOException e) {
            throw new IOException("cannot start the pager " + String.join(" ", command) + ": " + e.getMessage()
                    + " (--no-pager, or PAGER=cat, goes without)", e);
        }
    }

    /** The command line of the pager; null for none. */
    static List<String> command(Map<String, String> env, boolean atEnd) {
        String pager = env.get("PAGER");
        if (pager != null) {
            String p = pager.trim();
            if (p.isEmpty() || p.equals("cat")) {
                return null;
            }
            boolean less = p.equals("less") || p.startsWith("less ") || p.endsWith("/less") || p.contains("/less ");
            return List.of("/bin/sh", "-c", p + (atEnd && less ? " +G" : ""));
        }
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String name : new String[] {"less", "more"}) {
            String found = onPath(name, path);
            if (found != null) {
                List<String> cmd = new ArrayList<>(List.of(found));
                if (atEnd && name.equals("less")) {
                    cmd.add("+G");
                }
                return cmd;
            }
        }
        return null;
    }

    private static String onPath(String name, String path) {
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir.isEmpty() ? "." : dir, name);
            if (f.isFile() && f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    /** What the reader writes into: the pager's standard input. */
    StandardOutput input() {
        return input;
    }

    /**
     * The output is all written: closes the pager's input and waits until the user quits it. A
     * pager that has quit already, its input closed, is no failure.
     */
    void finish() {
        try {
            input.close();
            process.getOutputStream().close();
        } catch (IOException e) {
            // The pager quit before reading everything: as the user asked.
        }
        boolean interrupted = false;
        for (;;) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
