package io.github.kernellogger.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.CommandLineTest.Run;
import io.github.kernellogger.reader.command.ExitCode;
import io.github.kernellogger.reader.read.Reload;
import io.github.kernellogger.reader.read.SavedCgroups;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What journalctl and logcat users look at a log with, of a saved log whose records come from a
 * systemd service, a docker container and a cgroup the log does not name: -o cat, -o
 * json-pretty, --output-fields, the units and containers in every format and as filters, -F, -N,
 * --list-loads, logcat's -v and -s.
 */
class ViewsCommandTest {
    private static final String LOAD = "5c0e21f4a3b24c6f8e1d9a7b6c5d4e3f";
    private static final String NEXT_LOAD = "0123456789abcdef0123456789abcdef";
    private static final String CONTAINER = "4f2a" + "0".repeat(58) + "c9";

    @TempDir
    Path dir;
    private Path saved;

    /** A record of cgroup {@code cgroup}, with fields given as key, value, ... */
    private static LogRecord of(long seq, SyslogLevel level, long cgroup, String message, String... fields) {
        LogRecord r = Records.framed(seq, level, message, fields);
        return new LogRecord(r.seq(), r.timestampNanos(), r.level(), r.pid(), r.tid(), r.uid(), r.gid(), r.commBytes(),
                r.payload(), r.sourceTimestampNanos(), cgroup, r.flags(), r.fields());
    }

    @BeforeEach
    void save() throws IOException {
        SavedCgroups names = new SavedCgroups();
        names.learn(5213, "/system.slice/payments.service");
        names.learn(6000, "/system.slice/docker-" + CONTAINER + ".scope");
        names.learn(6100, "/user.slice/user-1000.slice/user@1000.service/app.slice/mail.service");
        saved = SavedLogs.write(dir.resolve("saved.log"), names, LOAD, List.of(
                of(1, SyslogLevel.INFO, 5213, "started\nsecond line", "TAG", "com.acme.Payments", "THREAD", "main"),
                of(2, SyslogLevel.ERR, 6000, "container failed", "TAG", "web", "THREAD", "worker"),
                of(3, SyslogLevel.WARNING, 7777, "from a cgroup the log does not name", "TAG", "jobs"),
                new Reload(LOAD, NEXT_LOAD, true),
                of(1, SyslogLevel.NOTICE, 6100, "mail sent", "TAG", "mail", "THREAD", "smtp")));
    }

    private Run file(String... args) {
        List<String> all = new ArrayList<>(List.of("--file", saved.toString(), "--utc"));
        all.addAll(List.of(args));
        return CommandLineTest.run(all.toArray(new String[0]));
    }

    @Test
    void catIsTheMessageAloneAndOutputFieldsTheirValues() {
        assertEquals(List.of("started", "second line", "container failed", "from a cgroup the log does not name",
                "-- the logger module was reloaded; reading from its oldest record --", "mail sent"),
                file("-o", "cat", "-q").out().lines().toList());
        assertEquals(List.of("payments.service", "com.acme.Payments", "started", "second line"),
                file("-o", "cat", "-q", "-n", "+1", "--output-fields", "MESSAGE,_SYSTEMD_UNIT,TAG").out().lines().toList(),
                "each field's value, in the order the record has them");
    }

    @Test
    void verboseShowsTheUnitsAndOutputFieldsChooses() {
        List<String> lines = file("-o", "verbose", "-q", "-n", "+2").out().lines().toList();
        assertTrue(lines.containsAll(List.of("    _CGROUP_ID=5213", "    _SYSTEMD_CGROUP=/system.slice/payments.service",
                "    _SYSTEMD_UNIT=payments.service", "    _SYSTEMD_SLICE=system.slice", "    _CONTAINER_ID=" + CONTAINER,
                "    _SYSTEMD_UNIT=docker-" + CONTAINER + ".scope")), String.join("\n", lines));
        assertEquals(List.of("Wed 2026-11-25 16:04:22.124456789 UTC [instance=" + LOAD + ";seq=1]",
                "    _SYSTEMD_UNIT=payments.service", "    TAG=com.acme.Payments"),
                file("-o", "verbose", "-n", "+1", "--output-fields", "TAG,_SYSTEMD_UNIT").out().lines().toList());
        List<String> user = file("-o", "verbose", "-q", "-n", "1").out().lines().toList();
        assertTrue(user.containsAll(List.of("    _SYSTEMD_UNIT=user@1000.service", "    _SYSTEMD_USER_UNIT=mail.service",
                "    _SYSTEMD_SLICE=user-1000.slice")), String.join("\n", user));
    }

    @Test
    void aCgroupTheLogDoesNotNameShowsItsIdAloneAndIsSaid() {
        Run r = file("-o", "verbose", "MESSAGE=from a cgroup the log does not name");
        assertEquals(ExitCode.OK, r.code());
        assertTrue(r.out().contains("    _CGROUP_ID=7777\n    _SOURCE_REALTIME_TIMESTAMP="), r.out());
        assertEquals("logger-reader: the cgroup 7777 of some records cannot be named: the saved log does not name them "
                + "(saved by an older logger-reader, or they were gone when it was saved); they show _CGROUP_ID alone"
                + System.lineSeparator(), r.err());
        assertEquals("", file("-q", "-o", "verbose", "MESSAGE=from a cgroup the log does not name").err(), "-q");
    }

    @Test
    void jsonHasTheCgroupAndJsonPrettyTheSameObjectIndented() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = file("-o", "json", "-q").out().lines().toList();
        JsonNode container = json.readTree(lines.get(1)).get("cgroup");
        assertEquals("/system.slice/docker-" + CONTAINER + ".scope", container.get("path").asText());
        assertEquals(CONTAINER, container.get("container_id").asText());
        assertEquals("system.slice", container.get("slice").asText());
        assertTrue(container.get("user_unit").isNull());
        assertTrue(json.readTree(lines.get(2)).get("cgroup").isNull(), "not named: null");
        String pretty = file("-o", "json-pretty", "-q", "-n", "+1").out();
        assertTrue(pretty.startsWith("{\n  \"seq\" : 1,\n  \"instance\" : \"" + LOAD + "\",\n"), pretty);
        assertEquals(json.readTree(lines.get(0)), json.readTree(pretty));
        JsonNode chosen = json.readTree(file("-o", "json", "-n", "+1", "--output-fields", "_PID,TAG,MESSAGE").out());
        List<String> keys = new ArrayList<>();
        chosen.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("seq", "instance", "time", "ts_ns", "pid", "fields", "message"), keys);
        assertEquals("{\"TAG\":\"com.acme.Payments\"}", chosen.get("fields").toString());
    }

    @Test
    void unitsAndContainersFilter() {
        assertEquals(List.of("started", "second line"), file("-o", "cat", "-q", "-u", "payments").out().lines().toList());
        assertEquals(List.of("container failed"), file("-o", "cat", "-q", "-u", "docker-*").out().lines().toList());
        assertEquals(List.of("started", "second line", "container failed"),
                file("-o", "cat", "-q", "-u", "system.slice").out().lines().toList(), "a slice: its units");
        assertEquals(List.of("container failed"), file("-o", "cat", "-q", "--container", "4F2A").out().lines().toList());
        assertEquals(List.of("-- the logger module was reloaded; reading from its oldest record --", "mail sent"),
                file("-o", "cat", "-q", "-u", "user@1000.service").out().lines().toList(), "a reload right before it");
        assertEquals(List.of(), file("-o", "cat", "-q", "-u", "jobs").out().lines().toList(), "an unnamed cgroup is of no unit");
    }

    @Test
    void fieldValuesFieldNamesAndLoads() {
        assertEquals(List.of("docker-" + CONTAINER + ".scope", "payments.service", "user@1000.service"),
                file("-q", "-F", "_SYSTEMD_UNIT").out().lines().toList());
        assertEquals(List.of("jobs", "web"), file("-q", "-F", "TAG", "-p", "warning").out().lines().toList(),
                "the filters apply");
        List<String> names = file("-q", "-N").out().lines().toList();
        assertTrue(names.containsAll(List.of("MESSAGE", "PRIORITY", "TAG", "THREAD", "_CGROUP_ID", "_CONTAINER_ID",
                "_PID", "_SYSTEMD_UNIT", "_SYSTEMD_USER_UNIT")), names.toString());
        assertEquals(List.of(
                "IDX LOAD ID                          FIRST RECORD                        LAST RECORD                         RECORDS",
                " -1 " + LOAD + " Wed 2026-11-25 16:04:22.124456 UTC  Wed 2026-11-25 16:04:22.126456 UTC        3",
                "  0 " + NEXT_LOAD + " Wed 2026-11-25 16:04:22.124456 UTC  Wed 2026-11-25 16:04:22.124456 UTC        1"),
                file("-q", "--list-boots").out().lines().toList());
    }

    @Test
    void logcatsFormatsAndSilence() {
        assertEquals(file("-o", "verbose", "-q").out(), file("-v", "long", "-q").out());
        assertEquals(file("-o", "cat", "-q").out(), file("-v", "raw", "-q").out());
        assertTrue(file("-v", "threadtime", "-v", "color", "-q").out().contains("\u001b[31mcontainer failed\u001b[0m"));
        assertEquals(List.of("container failed"), file("-o", "cat", "-q", "-s", "web").out().lines().toList());
        assertEquals(List.of("-- the logger module was reloaded; reading from its oldest record --", "mail sent"),
                file("-o", "cat", "-q", "-s", "mail:I", "-n", "1").out().lines().toList());
    }

    @Test
    void controlBytesStayEscapedInCat() throws IOException {
        Path odd = SavedLogs.write(dir.resolve("odd.log"), new SavedCgroups(), LOAD, List.of(Records.of(1, SyslogLevel.INFO,
                "w", "esc:\u001b[31mRED\r".getBytes(StandardCharsets.ISO_8859_1))));
        assertEquals("esc:\\x1b[31mRED\\x0d\n", CommandLineTest.run("--file", odd.toString(), "-o", "cat").out());
    }
}
