package io.github.kernellogger.reader.forward.engines;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No engine outlives the JVM that started it, however that JVM ends; and an engine that dies
 * while starting fails the start at once, quoting what it said.
 */
class EngineProcessTest {

    /**
     * A JVM that starts an engine (sleep), prints its pid, and then waits to be killed ("hang"),
     * or ends by itself once its stdin ends ("exit"), without closing anything.
     */
    static final class Owner {
        public static void main(String[] args) throws Exception {
            Path log = Files.createTempFile("engine-owner-", ".out");
            EngineProcess engine = EngineProcess.start("sleep", List.of("sleep", "600"), log);
            System.out.println(engine.pid());
            System.out.flush();
            if (args[0].equals("hang")) {
                new CountDownLatch(1).await();
            }
            System.in.transferTo(OutputStream.nullOutputStream());
            Files.delete(log);
        }
    }

    /** Whether a process is gone, or a zombie that nobody reaps (this machine's pid 1 does not). */
    private static boolean goneOrZombie(long pid) throws IOException {
        String s;
        try {
            s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException gone) {
            return true;
        }
        // pid (comm) state ...: the state follows the last ')'.
        return s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
    }

    private static long startOwner(String mode, Process[] owner) throws IOException {
        owner[0] = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Owner.class.getName(), mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(owner[0].getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.matches("\\d+"), "the owner printed its engine's pid: " + line);
        long pid = Long.parseLong(line);
        assertTrue(!goneOrZombie(pid), "the engine runs");
        return pid;
    }

    @Test
    void anEngineDiesWithAJvmThatIsKilled() throws IOException {
        Process[] owner = new Process[1];
        try {
            long engine = startOwner("hang", owner);
            owner[0].destroyForcibly();
            await().atMost(Duration.ofMinutes(1)).alias("the engine of a JVM killed with SIGKILL is gone")
                    .until(() -> goneOrZombie(engine));
        } finally {
            owner[0].destroyForcibly();
        }
    }

    @Test
    void anEngineDiesWithAJvmThatEndsWithoutClosingIt() throws Exception {
        Process[] owner = new Process[1];
        try {
            long engine = startOwner("exit", owner);
            owner[0].getOutputStream().close();
            assertEquals(0, owner[0].waitFor());
            await().atMost(Duration.ofMinutes(1)).alias("the engine of a JVM that ended is gone")
                    .until(() -> goneOrZombie(engine));
        } finally {
            owner[0].destroyForcibly();
        }
    }

    @Test
    void anEngineThatEndsWhileStartingFailsTheWaitAtOnceQuotingWhatItSaid(@TempDir Path dir) throws IOException {
        EngineProcess p = EngineProcess.start("a broken engine",
                List.of("sh", "-c", "echo cannot bind the port >&2; exit 3"), dir.resolve("out"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> p.awaitListening(LocalPorts.free(), Duration.ofMinutes(1)));
        assertTrue(e.getMessage().contains("a broken engine ended with status 3"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot bind the port"), e.getMessage());
    }
}
