package io.github.kernellogger.reader.forward;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import io.github.kernellogger.reader.output.JsonObjects;
import io.github.kernellogger.reader.output.OutputBuffer;
import io.github.kernellogger.reader.read.SavedCgroups;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The forwarder carries what a record's cgroup names, where it can be named: the syslog sink in
 * its structured data ({@code unit}, {@code slice}, {@code container_id}), the Kafka sink in the
 * JSON object's {@code cgroup}.
 */
class CarriesUnitsTest {
    private static final String CONTAINER = "4f2a" + "0".repeat(58) + "c9";

    private static SavedCgroups names() {
        SavedCgroups names = new SavedCgroups();
        names.learn(5213, "/system.slice/docker-" + CONTAINER + ".scope");
        return names;
    }

    @Test
    void syslogsStructuredDataHasTheUnitTheSliceAndTheContainer() {
        Rfc5424 format = new Rfc5424(1, "host", ZoneOffset.UTC, 8192, false);
        OutputBuffer m = OutputBuffer.scratch();
        format.record(Records.framed(1, SyslogLevel.INFO, "hello", "TAG", "web"), null, m);
        String unnamed = new String(Arrays.copyOf(m.array(), m.length()), StandardCharsets.UTF_8);
        assertTrue(unnamed.contains(" cgroup_id=\"5213\"]"), "not named: the id alone: " + unnamed);
        assertFalse(unnamed.contains("unit="), unnamed);

        format.cgroups(names());
        m.truncate(0);
        format.record(Records.framed(2, SyslogLevel.INFO, "hello", "TAG", "web"), null, m);
        String named = new String(Arrays.copyOf(m.array(), m.length()), StandardCharsets.UTF_8);
        assertTrue(named.contains(" cgroup_id=\"5213\" unit=\"docker-" + CONTAINER + ".scope\" slice=\"system.slice\" "
                + "container_id=\"" + CONTAINER + "\"]"), named);
    }

    @Test
    void kafkasJsonHasTheCgroup() {
        JsonObjects json = new JsonObjects();
        json.cgroups(names());
        json.begin(null);
        String object = new String(json.record(Records.framed(1, SyslogLevel.INFO, "hello", "TAG", "web")),
                StandardCharsets.UTF_8);
        assertTrue(object.contains("\"cgroup\":{\"path\":\"/system.slice/docker-" + CONTAINER + ".scope\""), object);
        assertTrue(object.contains("\"container_id\":\"" + CONTAINER + "\"}"), object);
    }
}
