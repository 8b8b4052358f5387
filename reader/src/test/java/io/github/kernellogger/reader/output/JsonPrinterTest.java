package io.github.kernellogger.reader.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.RecordField;
import io.github.kernellogger.device.SyslogLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What JsonPrinter keeps from one record to the next (the writer, the fields, the digits of the
 * second, the seq counted up) never shows in a record it does not belong to: every object,
 * parsed back by Jackson, holds exactly its own record's values.
 */
class JsonPrinterTest {
    private static final DateTimeFormatter TIME = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void everyObjectHoldsItsOwnRecordsValues() throws IOException {
        Random random = new Random(7);
        String[] comms = {"java", "KernelDevice", "kworker/0:1", "é\"\\\u0001"};
        List<LogRecord> records = new ArrayList<>();
        long seq = 7;
        long ns = 1_795_622_662_999_999_990L;
        for (int i = 0; i < 3000; i++) {
            // Mostly one more, as read in order; now and then a jump, as after a loss or a filter.
            seq += random.nextInt(10) == 0 ? random.nextInt(1000) + 2 : 1;
            // Within a second, across seconds, to the nanosecond, with leading zeros in the fraction.
            ns += random.nextInt(4) == 0 ? random.nextInt(2_000_000_000) : random.nextInt(1000);
            // Runs from one writer, each of its fields now and then changing alone.
            int[] w = new int[5];
            for (int f = 0; f < w.length; f++) {
                w[f] = random.nextInt(10) == 0 ? random.nextInt(comms.length) : i / 500 % comms.length;
            }
            // Fields in runs too, as the appender's TAG and THREAD repeat, a few sets taking turns;
            // some records without; now and then more sets than the printer keeps.
            List<RecordField> fields = random.nextInt(5) == 0 ? List.of()
                    : random.nextInt(7) == 0 ? List.of(RecordField.of("TAG", "com.acme." + w[4]),
                            RecordField.of("order", Integer.toString(random.nextInt(40))))
                    : List.of(RecordField.of("TAG", "com.acme." + w[4]), RecordField.of("THREAD", comms[w[0] % comms.length]));
            long sourceTime = random.nextInt(3) == 0 ? 0 : ns - random.nextInt(1_000_000);
            records.add(new LogRecord(seq, ns, SyslogLevel.ofCode(random.nextInt(8)), 100 + w[0],
                    200 + w[1], w[2] * 1000L, 4_000_000_000L + w[3], comms[w[4]],
                    ("message " + i).getBytes(StandardCharsets.UTF_8), sourceTime, w[1] * 7L, 0, fields));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonPrinter printer = new JsonPrinter(out);
        for (LogRecord r : records) {
            printer.record(r);
        }
        printer.flush();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(records.size(), lines.size());
        for (int i = 0; i < records.size(); i++) {
            LogRecord r = records.get(i);
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("seq", r.seq());
            expected.put("instance", null);
            expected.put("time", TIME.format(r.timestamp()));
            expected.put("ts_ns", r.timestampNanos());
            expected.put("src_time", r.sourceTimestamp().map(TIME::format).orElse(null));
            expected.put("level", r.level().label());
            expected.put("level_num", (long) r.level().code());
            expected.put("pid", (long) r.pid());
            expected.put("tid", (long) r.tid());
            expected.put("uid", r.uid());
            expected.put("gid", r.gid());
            expected.put("comm", r.comm());
            expected.put("cgroup_id", r.cgroupId());
            expected.put("cgroup", null);
            Map<String, Object> fields = new LinkedHashMap<>();
            r.fields().forEach(f -> fields.put(f.key(), f.valueText()));
            expected.put("fields", fields);
            expected.put("message", r.message());
            assertEquals(expected, parse(lines.get(i)), lines.get(i));
        }
    }

    @Test
    void seqsCountUpAcrossEveryCarry() throws IOException {
        long[] seqs = {0, 1, 9, 10, 11, 99, 100, 999, 1000, 1001, 5, 6, 999_999, 1_000_000, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonPrinter printer = new JsonPrinter(out);
        for (long s : seqs) {
            printer.record(new LogRecord(s, 1, SyslogLevel.INFO, 1, 1, 0, 0, "c", new byte[0]));
        }
        printer.flush();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < seqs.length; i++) {
            assertEquals(seqs[i], parse(lines.get(i)).get("seq"), lines.get(i));
        }
    }

    private static Map<String, Object> parse(String line) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken());
            return object(p);
        }
    }

    /** An object of numbers, strings, nulls and objects of them, the parser at its start. */
    private static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            fields.put(key, switch (value) {
                case VALUE_NUMBER_INT -> p.getLongValue();
                case VALUE_NULL -> null;
                case START_OBJECT -> object(p);
                default -> p.getText();
            });
        }
        return fields;
    }
}
