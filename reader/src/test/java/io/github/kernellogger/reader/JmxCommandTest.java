package io.github.kernellogger.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.reader.CommandLineTest.Run;
import io.github.kernellogger.reader.command.ExitCode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/** {@code logger-reader jmx}, by URL and by attaching to a process. */
class JmxCommandTest {

    @Test
    void byUrlAsATableAndAsJson() throws Exception {
        ObjectName name = FakeApplication.register();
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null,
                ManagementFactory.getPlatformMBeanServer());
        server.start();
        try {
            String url = server.getAddress().toString();
            Run table = CommandLineTest.run("jmx", "--url", url);
            assertEquals(ExitCode.OK, table.code(), table.err());
            assertEquals(String.join(System.lineSeparator(),
                    "io.github.kernellogger:type=KernelDevice,name=\"/dev/logger\"",
                    "  Appenders        kernel, audit",
                    "  DeviceConnected  true",
                    "  EventsWritten    100", ""), table.out());
            Run full = CommandLineTest.run(CommandLineTest.failing("No space left on device"), "jmx", "--url", url);
            assertEquals(ExitCode.ERROR, full.code());
            assertEquals("logger-reader: cannot write to standard output: No space left on device (ENOSPC)"
                    + System.lineSeparator(), full.err());
            Run json = CommandLineTest.run("jmx", "--url", url, "--json");
            assertEquals(ExitCode.OK, json.code());
            assertEquals("[{\"name\":\"io.github.kernellogger:type=KernelDevice,name=\\\"/dev/logger\\\"\","
                    + "\"attributes\":{\"Appenders\":[\"kernel\",\"audit\"],\"DeviceConnected\":true,"
                    + "\"EventsWritten\":100}}]" + System.lineSeparator(), json.out());
        } finally {
            server.stop();
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        }
    }

    @Test
    void aJvmWithoutTheAppenderSaysSo() throws Exception {
        JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(
                new JMXServiceURL("service:jmx:rmi://127.0.0.1"), null,
                ManagementFactory.getPlatformMBeanServer());
        server.start();
        try {
            Run r = CommandLineTest.run("jmx", "--url", server.getAddress().toString());
            assertEquals(ExitCode.ERROR, r.code());
            assertTrue(r.err().startsWith("logger-reader: no KernelDevice appender in service:jmx:rmi:"), r.err());
        } finally {
            server.stop();
        }
    }

    @Test
    void byPidAttachingToARunningJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process app = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FakeApplication.class.getName()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine());
            Run r = CommandLineTest.run("jmx", "--pid", Long.toString(app.pid()));
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertTrue(r.out().contains("EventsWritten    100"), r.out());
        } finally {
            app.getOutputStream().close();
            app.waitFor();
        }
    }

    @Test
    void aPidThatIsNoJvmIsOneLineAndExitCode1() {
        Run r = CommandLineTest.run("jmx", "--pid", "2147483646");
        assertEquals(ExitCode.ERROR, r.code());
        assertTrue(r.err().startsWith("logger-reader: cannot attach to JVM 2147483646: "), r.err());
        assertEquals(1, r.err().lines().count());
    }
}
