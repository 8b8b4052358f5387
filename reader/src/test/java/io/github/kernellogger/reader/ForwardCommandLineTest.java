package io.github.kernellogger.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.reader.CommandLineTest.Run;
import io.github.kernellogger.reader.command.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code logger-reader forward}: a configuration it cannot use, or a command line, is one line
 * and exit 2 (which its unit does not restart); a device or cursor file it cannot use, exit 1;
 * both before any wait for a sink.
 */
class ForwardCommandLineTest {
    @TempDir
    Path dir;

    private Run forward(String configText, String... more) throws IOException {
        Path config = dir.resolve("central.conf");
        Files.writeString(config, configText);
        String[] args = new String[5 + more.length];
        args[0] = "forward";
        args[1] = "--config";
        args[2] = config.toString();
        args[3] = "--cursor-file";
        args[4] = dir.resolve("cursor").toString();
        System.arraycopy(more, 0, args, 5, more.length);
        return CommandLineTest.run(args);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "syslog.host = a => sink is missing: sink = syslog, relp or kafka",
        "sink = syslog   # or kafka\\nsyslog.host = a => sink 'syslog   # or kafka' is not a sink: syslog, relp or kafka (a # starts a comment only at the start of a line)",
        "sink = journal => sink 'journal' is not a sink: syslog, relp or kafka",
        "sink = syslog => syslog.host is missing: the name or address of the syslog server",
        "sink = syslog\\nsyslog.host = a\\nsyslog.port = 0 => syslog.port '0' is not a number in 1..65535",
        "sink = syslog\\nsyslog.host = a\\nsyslog.prot = 514 => syslog.prot is not a setting of the syslog sink (it has syslog.facility, syslog.framing, syslog.host, syslog.max.message.size, syslog.port, syslog.settle.bytes, syslog.settle.interval, syslog.timeout, syslog.tls, syslog.tls.ca, syslog.tls.cert, syslog.tls.key)",
        "sink = syslog\\nsyslog.host = a\\nkafka.topic = logs => kafka.topic is for sink = kafka, and this file says sink = syslog",
        "sink = syslog\\nsyslog.host = a\\nretries = 3 => retries is not a setting (the settings are hostname, metrics.interval, retry.initial, retry.max, sink and syslog.*)",
        "sink = syslog\\nsyslog.host = a\\nsyslog.host = b => syslog.host is given twice",
        "sink = syslog\\nsyslog.host = a\\nsyslog.tls = maybe => syslog.tls 'maybe' is neither true nor false",
        "sink = syslog\\nsyslog.host = a\\nsyslog.tls.ca = /ca.pem => syslog.tls.* are set but syslog.tls is not true",
        "sink = syslog\\nsyslog.host = a\\nsyslog.tls = true\\nsyslog.tls.cert = /c.pem => syslog.tls.cert and syslog.tls.key go together: the client's certificate and its key",
        "sink = syslog\\nsyslog.host = a\\nsyslog.facility = mail2 => syslog.facility 'mail2' is not a facility: 0..23 or kern, user, mail, daemon, auth, syslog, lpr, news, uucp, cron, authpriv, ftp, ntp, security, console, solaris-cron, local0, local1, local2, local3, local4, local5, local6, local7",
        "sink = syslog\\nsyslog.host = a\\nretry.initial = soon => retry.initial: 'soon' is not a time span: use 30s, 5min, '1h 30min', 1.5h or 90 (seconds); see systemd.time(7)",
        "sink = relp => relp.host is missing: the name or address of the relp server",
        "sink = relp\\nrelp.host = a\\nrelp.window = 0 => relp.window '0' is not a number in 1..65536",
        "sink = relp\\nrelp.host = a\\nrelp.framing = newline => relp.framing is not a setting of the relp sink (it has relp.facility, relp.host, relp.max.message.size, relp.port, relp.timeout, relp.tls, relp.tls.ca, relp.tls.cert, relp.tls.key, relp.window)",
        "sink = relp\\nrelp.host = a\\nsyslog.host = b => syslog.host is for sink = syslog, and this file says sink = relp",
        "sink = syslog\\nsyslog.host = a\\nretry.initial = 2min\\nretry.max = 1min => retry.max (1min) is less than retry.initial (2min)",
        "sink = syslog\\nsyslog.host = a\\nsyslog.max.message.size = 100 => syslog.max.message.size '100' is not a number in 480..16777216",
        "sink = syslog\\nsyslog.host = a\\nsyslog.framing = lf => syslog.framing 'lf' is neither octet-counting nor newline",
    })
    void aConfigurationItCannotUseIsOneLineNamingTheFileAndTheKeyAndExit2(String text, String why) throws IOException {
        Run r = forward(text.replace("\\n", "\n"));
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertEquals("logger-reader: the forwarder's configuration " + dir.resolve("central.conf") + ": " + why
                + System.lineSeparator(), r.err());
    }

    @Test
    void timeSpansAreThoseOfTimeoutAndSinceTenMIsTenMinutes() throws IOException {
        // 10M is ten months in systemd's grammar: far beyond 1min, so retry.max < retry.initial.
        Run r = forward("sink = syslog\nsyslog.host = a\nretry.initial = 10M\nretry.max = 1min\n");
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("retry.max (1min) is less than retry.initial"), r.err());
        // Taken: the configuration is read, and the missing device is what ends it (exit 1).
        r = forward("sink = syslog\nsyslog.host = a\nretry.initial = 10m\nretry.max = 1h 30min\nsyslog.timeout = 1.5s\n",
                "--device", dir.resolve("logger").toString());
        assertEquals(ExitCode.ERROR, r.code(), r.err());
        assertTrue(r.err().startsWith("logger-reader: ENOENT: "), "the spans were taken: " + r.err());
    }

    @Test
    void aSinkOfAPackageNotInstalledIsExit2NamingThePackage() throws IOException {
        Run r = forward("sink = kafka\nkafka.topic = logs\nkafka.bootstrap.servers = b:9092\n");
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertTrue(r.err().startsWith("logger-reader: the forwarder's configuration " + dir.resolve("central.conf")
                + ": sink = kafka needs the package logger-reader-kafka, which is not installed"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void aMetricsFileThatCannotBeWrittenIsExit2() throws IOException {
        Run r = forward("sink = syslog\nsyslog.host = a\n", "--metrics-file", dir.resolve("none/central.prom").toString());
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertEquals("logger-reader: --metrics-file " + dir.resolve("none/central.prom") + " cannot be written: the folder "
                + dir.resolve("none") + " does not exist (see logger-reader forward --help)" + System.lineSeparator(), r.err());
    }

    @Test
    void aMissingConfigurationIsExit2() {
        Run r = CommandLineTest.run("forward", "--config", dir.resolve("none.conf").toString(), "--cursor-file",
                dir.resolve("cursor").toString());
        assertEquals(ExitCode.USAGE, r.code());
        assertEquals("logger-reader: the forwarder's configuration " + dir.resolve("none.conf") + ": no such file"
                + System.lineSeparator(), r.err());
    }

    @Test
    void aTlsFileThatCannotBeUsedIsExit2() throws IOException {
        Run r = forward("sink = syslog\nsyslog.host = 127.0.0.1\nsyslog.tls = true\nsyslog.tls.ca = " + dir.resolve("ca.pem") + "\n",
                "--file", Files.createFile(dir.resolve("saved.log")).toString());
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertEquals("logger-reader: the forwarder's configuration " + dir.resolve("central.conf")
                + ": syslog.tls.ca " + dir.resolve("ca.pem") + " cannot be read: no such file"
                + System.lineSeparator(), r.err());
        Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
        r = forward("sink = syslog\nsyslog.host = 127.0.0.1\nsyslog.tls = true\nsyslog.tls.ca = " + dir.resolve("ca.pem") + "\n");
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        assertTrue(r.err().startsWith("logger-reader: the forwarder's configuration " + dir.resolve("central.conf")
                + ": syslog.tls.ca " + dir.resolve("ca.pem") + " holds no certificate (PEM, BEGIN CERTIFICATE)"), r.err());
    }

    @Test
    void optionsItNeedsOrRefuses() throws IOException {
        Run r = CommandLineTest.run("forward", "--cursor-file", "x");
        assertEquals(ExitCode.USAGE, r.code());
        assertEquals("logger-reader: Missing required option: '--config=FILE' (see logger-reader forward --help)"
                + System.lineSeparator(), r.err());
        r = forward("sink = syslog\nsyslog.host = a\n", "--file", "-");
        assertEquals(ExitCode.USAGE, r.code());
        assertEquals("logger-reader: forward --file takes a file, not standard input: after a failure it reads again "
                + "from its cursor (see logger-reader forward --help)" + System.lineSeparator(), r.err());
        r = forward("sink = syslog\nsyslog.host = a\n", "--file", "saved.log", "--new");
        assertEquals(ExitCode.USAGE, r.code());
        assertEquals("logger-reader: --new is for the device: a saved file is forwarded from its start "
                + "(see logger-reader forward --help)" + System.lineSeparator(), r.err());
    }

    @Test
    void aMissingDeviceOrAnUnusableCursorFileIsExit1BeforeAnyWaitForTheSink() throws IOException {
        Run r = forward("sink = syslog\nsyslog.host = 127.0.0.1\n", "--device", dir.resolve("logger").toString());
        assertEquals(ExitCode.ERROR, r.code(), r.err());
        assertTrue(r.err().startsWith("logger-reader: ENOENT: " + dir.resolve("logger") + " does not exist"), r.err());

        Files.writeString(dir.resolve("cursor"), "garbage\n");
        r = forward("sink = syslog\nsyslog.host = 127.0.0.1\n", "--file", dir.resolve("saved.log").toString());
        assertEquals(ExitCode.ERROR, r.code(), r.err());
        assertEquals("logger-reader: " + dir.resolve("cursor") + " does not hold a cursor (seq=N), it holds 'garbage'"
                + System.lineSeparator(), r.err());
        assertFalse(Files.exists(dir.resolve("cursor.prom")), "nothing started");
    }
}
