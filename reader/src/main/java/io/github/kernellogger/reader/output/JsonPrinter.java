package io.github.kernellogger.reader.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@code -o json}: one object a line with exactly the fields {@code seq}, {@code time}
 * (ISO-8601 UTC, to the nanosecond), {@code ts_ns}, {@code level} (name), {@code level_num},
 * {@code pid}, {@code tid}, {@code uid}, {@code gid}, {@code comm}, {@code message}; and for a
 * loss, {@code {"type":"gap","lost":N,"first_lost_seq":A,"last_lost_seq":B}}. The message is
 * the payload exactly as written: a string when it is valid UTF-8, else the array of its byte
 * values.
 */
final class JsonPrinter implements RecordSink {
    /** Always nine fraction digits, so that times sort as text. */
    private static final DateTimeFormatter TIME = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final JsonGenerator json;

    JsonPrinter(OutputStream out) {
        try {
            json = JsonFactory.builder().build().createGenerator(out)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // Lines, not a stream of values: each object ends its own line.
        json.setRootValueSeparator(null);
    }

    @Override
    public void record(LogRecord r) throws IOException {
        json.writeStartObject();
        json.writeNumberField("seq", r.seq());
        json.writeStringField("time", TIME.format(r.timestamp()));
        json.writeNumberField("ts_ns", r.timestampNanos());
        json.writeStringField("level", r.level().label());
        json.writeNumberField("level_num", r.level().code());
        json.writeNumberField("pid", r.pid());
        json.writeNumberField("tid", r.tid());
        json.writeNumberField("uid", r.uid());
        json.writeNumberField("gid", r.gid());
        json.writeStringField("comm", r.comm());
        json.writeFieldName("message");
        writeText(r.payload());
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /**
     * Bytes that are valid UTF-8 as a string; others as an array of their byte values, as
     * journalctl does, so that no byte is lost to a replacement character.
     */
    private void writeText(byte[] bytes) throws IOException {
        if (SafeText.isUtf8(bytes, 0, bytes.length)) {
            json.writeUTF8String(bytes, 0, bytes.length);
            return;
        }
        int[] values = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xff;
        }
        json.writeArray(values, 0, values.length);
    }

    @Override
    public void gap(Gap g) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "gap");
        json.writeNumberField("lost", g.lost());
        json.writeNumberField("first_lost_seq", g.firstSeq());
        json.writeNumberField("last_lost_seq", g.lastSeq());
        json.writeEndObject();
        json.writeRaw('\n');
    }

    @Override
    public void flush() throws IOException {
        json.flush();
    }
}
