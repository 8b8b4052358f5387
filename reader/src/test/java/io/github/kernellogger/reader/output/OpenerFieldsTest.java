package io.github.kernellogger.reader.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.LoggerAbi;
import io.github.kernellogger.device.RecordField;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.RecordFields;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The opener's ids the kernel stamps on a record written through a passed file (ABI version 3):
 * shown with the kernel's other stamps, never as the writer's word.
 */
class OpenerFieldsTest {
    /** Root's record through a file uid 1001 opened, with the writer's TAG after the kernel's. */
    private static LogRecord passed() {
        LogRecord r = Records.of(7, SyslogLevel.EMERG, "passed");
        return new LogRecord(r.seq(), r.timestampNanos(), r.level(), r.pid(), r.tid(), 0, 0,
                r.commBytes(), r.payload(), 0, 0, 0, List.of(
                        new RecordField(LoggerAbi.FIELD_OPENER_UID, "1001".getBytes(StandardCharsets.US_ASCII)),
                        new RecordField(LoggerAbi.FIELD_OPENER_GID, "1001".getBytes(StandardCharsets.US_ASCII)),
                        RecordField.of("TAG", "sudo")));
    }

    @Test
    void verboseShowsThemWithTheKernelsStampsBeforeTheWritersWord() {
        List<String> keys = new ArrayList<>();
        new RecordFields(CgroupNames.NONE).visit(passed(), new RecordFields.Visitor() {
            @Override
            public void number(String key, long value) {
                keys.add(key);
            }

            @Override
            public void bytes(String key, byte[] value) {
                keys.add(key);
            }
        });
        assertEquals(List.of("_PID", "_TID", "_UID", "_GID", "_COMM", "_OPENER_UID", "_OPENER_GID",
                "PRIORITY", "TAG", "MESSAGE"), keys);
        assertTrue(RecordFields.isKey("_OPENER_UID"), "a KEY=VALUE match may name it");
        assertTrue(new RecordFields(CgroupNames.NONE).shows(passed(), "_OPENER_UID", "1001".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void jsonHasThemAmongTheFields() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonPrinter printer = new JsonPrinter(out);
        printer.record(passed());
        printer.flush();
        String line = out.toString(StandardCharsets.UTF_8);
        assertTrue(line.contains("\"fields\":{\"_OPENER_UID\":\"1001\",\"_OPENER_GID\":\"1001\",\"TAG\":\"sudo\"}"),
                line);
    }

    @Test
    void exportNamesThemAsTrustedFieldsOfTheLogger() throws Exception {
        assertEquals("_LOGGER_OPENER_UID", JournalFieldNames.map("_OPENER_UID"));
        assertEquals("FIELD__OPENER_UID", JournalFieldNames.map("_opener_uid"), "not the kernel's");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportPrinter p = new ExportPrinter(out, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        p.begin(null);
        p.record(passed());
        p.flush();
        String entry = out.toString(StandardCharsets.UTF_8);
        assertTrue(entry.contains("\n_LOGGER_OPENER_UID=1001\n_LOGGER_OPENER_GID=1001\nTAG=sudo\n"), entry);
        assertFalse(entry.contains("\n_OPENER_UID"), entry);
    }

    @Test
    void noWriterMaySendThem() {
        assertTrue(RecordField.isKernelKey("_OPENER_UID"));
        assertFalse(RecordField.isValidKey("_OPENER_UID"));
        assertTrue(passed().fields().get(0).kernelStamped());
        assertFalse(passed().fields().get(2).kernelStamped());
    }
}
