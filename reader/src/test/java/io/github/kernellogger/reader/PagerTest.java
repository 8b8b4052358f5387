package io.github.kernellogger.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.read.CgroupNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pager, under a real terminal: logger-reader runs as a process of its own inside util-linux's
 * script(1), which gives it a pseudo-terminal as standard output, as a user's shell would. A
 * wrapper named less, first on PATH, notes how it was started and hands over to the real less, so
 * that the test sees what journalctl's users expect: less, with LESS=FRSXMK unless LESS is set,
 * $PAGER over it, --no-pager, and nothing of it when standard output is not a terminal.
 */
class PagerTest {
    private static final String LOAD = "5c0e21f4a3b24c6f8e1d9a7b6c5d4e3f";

    @TempDir
    Path dir;
    private Path saved;
    private Path bin;
    private Path calls;

    @BeforeEach
    void prepare() throws IOException {
        // reader/tests/prepare-engines installs them (make test runs it first): a missing one fails.
        assertTrue(Files.isExecutable(Path.of("/usr/bin/script")) && Files.isExecutable(Path.of("/usr/bin/less")),
                "script(1) (bsdutils) and less must be installed: run reader/tests/prepare-engines");
        saved = SavedLogs.write(dir.resolve("saved.log"), CgroupNames.NONE, LOAD, List.of(
                Records.of(1, SyslogLevel.INFO, "first record"), Records.of(2, SyslogLevel.ERR, "second record")));
        bin = Files.createDirectories(dir.resolve("bin"));
        calls = dir.resolve("calls");
        script(bin.resolve("less"), "printf 'less LESS=%s args=%s\\n' \"${LESS-unset}\" \"$*\" >> " + calls
                + "\nexec /usr/bin/less \"$@\"");
        script(bin.resolve("mypager"), "printf 'mypager args=%s\\n' \"$*\" >> " + calls + "\nexec cat");
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Exit code and what the terminal showed (or the pipe got). */
    record Ran(int code, String shown) {}

    /**
     * logger-reader with {@code args}, on a terminal if {@code terminal}, else into a pipe; the
     * environment that of this JVM, but PATH (the wrapper first), LESS and PAGER unset, then
     * {@code env}.
     */
    private Ran run(boolean terminal, Map<String, String> env, String... args) throws Exception {
        List<String> reader = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LoggerReader.class.getName(), "--file", saved.toString()));
        reader.addAll(List.of(args));
        List<String> command = terminal ? List.of("/usr/bin/script", "-q", "-e", "-c",
                reader.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" ")), "/dev/null")
                : reader;
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("LESS");
        pb.environment().remove("PAGER");
        pb.environment().put("TERM", "xterm");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String shown = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "it ended");
        return new Ran(p.exitValue(), shown);
    }

    private List<String> calls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    @Test
    void onATerminalADumpGoesThroughLessWithJournalctlsSettings() throws Exception {
        Ran r = run(true, Map.of(), "-o", "cat");
        assertEquals(0, r.code(), r.shown());
        assertTrue(r.shown().contains("first record") && r.shown().contains("second record"), r.shown());
        assertEquals(List.of("less LESS=FRSXMK args="), calls());
    }

    @Test
    void aLessOfTheUsersOwnIsKeptAndMinusEStartsAtTheEnd() throws Exception {
        // F: less quits at once, as the output fits a screen; a LESS without it waits for q.
        Ran r = run(true, Map.of("LESS", "FR"), "-o", "cat", "-e");
        assertEquals(0, r.code(), r.shown());
        assertEquals(List.of("less LESS=FR args=+G"), calls());
    }

    @Test
    void pagerChoosesThePagerAndCatOrNothingNone() throws Exception {
        Ran mine = run(true, Map.of("PAGER", "mypager --flag"), "-o", "cat");
        assertEquals(0, mine.code(), mine.shown());
        assertTrue(mine.shown().contains("second record"), mine.shown());
        assertEquals(List.of("mypager args=--flag"), calls());
        for (String none : new String[] {"cat", ""}) {
            Ran r = run(true, Map.of("PAGER", none), "-o", "cat");
            assertTrue(r.shown().contains("second record"), r.shown());
        }
        assertEquals(List.of("mypager args=--flag"), calls(), "PAGER=cat and PAGER= start no pager");
    }

    @Test
    void noPagerAndAPipeGoWithout() throws Exception {
        Ran r = run(true, Map.of(), "-o", "cat", "--no-pager");
        assertEquals(0, r.code(), r.shown());
        assertTrue(r.shown().contains("second record"), r.shown());
        Ran piped = run(false, Map.of(), "-o", "cat");
        assertEquals("first record\nsecond record\n", piped.shown());
        assertEquals(List.of(), calls());
    }

    @Test
    void aPagerThatQuitsEarlyEndsTheRunQuietly() throws Exception {
        Ran r = run(true, Map.of("PAGER", "head -n 1"), "-o", "cat");
        assertEquals(0, r.code(), r.shown());
        assertTrue(r.shown().contains("first record"), r.shown());
        assertFalse(r.shown().contains("second record"), r.shown());
        assertFalse(r.shown().contains("logger-reader:"), r.shown());
    }

    /** As journalctl's: a dump on a terminal that shows nothing says so; into a pipe it stays empty. */
    @Test
    void nothingShownOnATerminalSaysNoEntries() throws Exception {
        Ran r = run(true, Map.of(), "-o", "cat", "-p", "crit");
        assertEquals(0, r.code(), r.shown());
        assertTrue(r.shown().contains("-- No entries --"), r.shown());
        assertFalse(run(true, Map.of(), "-o", "cat", "-p", "crit", "-q").shown().contains("-- No entries --"), "-q");
        assertEquals("", run(false, Map.of(), "-o", "cat", "-p", "crit").shown());
    }
}
