package io.github.kernellogger.reader.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import io.github.kernellogger.reader.read.Reload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;

/**
 * {@code -o json-pretty}, as journalctl's: the objects of {@code -o json}, each indented over
 * several lines, for people to read. They are {@link JsonPrinter}'s objects, re-indented by
 * Jackson, so that there is one JSON form of a record.
 */
final class PrettyJsonPrinter implements RecordSink {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final OutputBuffer out;
    /** What the JSON printer wrote of the object at hand. */
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final JsonPrinter json;
    private final ByteArrayOutputStream pretty = new ByteArrayOutputStream();

    /** @param chosen the fields to show (--output-fields); null for every key */
    PrettyJsonPrinter(OutputStream out, Set<String> chosen) {
        this.out = new OutputBuffer(out);
        this.json = new JsonPrinter(line, chosen);
    }

    @Override
    public void cgroups(CgroupNames names) {
        json.cgroups(names);
    }

    @Override
    public void begin(String instance) {
        json.begin(instance);
    }

    @Override
    public void record(LogRecord r) throws IOException {
        json.record(r);
        indent();
    }

    @Override
    public void gap(Gap g) throws IOException {
        json.gap(g);
        indent();
    }

    @Override
    public void reload(Reload r) throws IOException {
        json.reload(r);
        indent();
    }

    /** The object the JSON printer wrote, indented, to the output. */
    private void indent() throws IOException {
        json.flush();
        pretty.reset();
        try (JsonParser p = JSON.createParser(line.toByteArray());
                JsonGenerator g = JSON.createGenerator(pretty).useDefaultPrettyPrinter()) {
            p.nextToken();
            g.copyCurrentStructure(p);
        }
        line.reset();
        out.append(pretty.toByteArray());
        out.append('\n');
        out.endRecord();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
