package io.github.kernellogger.reader.forward;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.LoggerAbi;
import io.github.kernellogger.device.RecordField;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import io.github.kernellogger.reader.output.OutputBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forwarder carries the opener's ids the kernel stamped, beside its other stamps. */
class Rfc5424OpenerTest {
    @Test
    void theOpenersIdsGoInTheKernelsElementAndTheWritersFieldsInTheirs() {
        LogRecord r = Records.of(7, SyslogLevel.ERR, "passed");
        r = new LogRecord(r.seq(), r.timestampNanos(), r.level(), r.pid(), r.tid(), 0, 0,
                r.commBytes(), r.payload(), 0, 0, 0, List.of(
                        new RecordField(LoggerAbi.FIELD_OPENER_UID, "1001".getBytes(StandardCharsets.US_ASCII)),
                        RecordField.of("TAG", "sudo")));
        OutputBuffer m = OutputBuffer.scratch();
        new Rfc5424(1, "host", ZoneOffset.UTC, 8192, false).record(r, "5c0e1f2a3b4c5d6e7f8091a2b3c4d5e6", m);
        String msg = new String(m.toByteArray(), StandardCharsets.UTF_8);
        assertTrue(msg.matches("(?s).*\\[" + Rfc5424.SD_ID + " [^\\]]* uid=\"0\"[^\\]]* opener_uid=\"1001\"[^\\]]*\\]"
                + "\\[" + Rfc5424.FIELDS_SD_ID + " TAG=\"sudo\"\\].*"), msg);
    }
}
