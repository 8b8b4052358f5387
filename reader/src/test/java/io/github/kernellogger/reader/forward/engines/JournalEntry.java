package io.github.kernellogger.reader.forward.engines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One journal entry as {@code journalctl -o json --all} shows it, every field with every value
 * as bytes. journalctl writes a value as a JSON string when it is printable UTF-8 and as an
 * array of byte values otherwise (a field sent in the export format's binary form shows as a
 * string if its bytes happen to be printable), and a field that has several values in one entry
 * as an array of those; this record undoes both.
 *
 * @param fields field name to its values in the order journalctl gives them, including the
 *               journal's own: {@code __CURSOR}, {@code __REALTIME_TIMESTAMP},
 *               {@code __MONOTONIC_TIMESTAMP}, {@code _BOOT_ID}
 */
public record JournalEntry(Map<String, List<byte[]>> fields) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Set<String> names() {
        return fields.keySet();
    }

    public boolean has(String name) {
        return fields.containsKey(name);
    }

    /** Every value of a field (empty if the entry lacks it). */
    public List<byte[]> values(String name) {
        return fields.getOrDefault(name, List.of());
    }

    /** The one value of a field, as bytes. Fails if the field is absent or has several values. */
    public byte[] bytes(String name) {
        List<byte[]> v = values(name);
        if (v.size() != 1) {
            throw new AssertionError("the entry has " + v.size() + " values of " + name + ": " + this);
        }
        return v.get(0);
    }

    /** The one value of a field, as UTF-8 text. */
    public String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** Every value of a field, as UTF-8 text. */
    public List<String> texts(String name) {
        return values(name).stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{");
        fields.forEach((k, vs) -> vs.forEach(v -> s.append(s.length() > 1 ? ", " : "").append(k).append('=')
                .append(new String(v, StandardCharsets.UTF_8))));
        return s.append('}').toString();
    }

    /** Parses one line of {@code journalctl -o json}. */
    static JournalEntry parse(String line) {
        try {
            Map<String, List<byte[]>> fields = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> f : JSON.readTree(line).properties()) {
                JsonNode v = f.getValue();
                List<byte[]> values = new ArrayList<>();
                if (v.isArray() && !v.isEmpty() && !v.get(0).isNumber()) {
                    v.forEach(one -> values.add(value(f.getKey(), one)));
                } else {
                    values.add(value(f.getKey(), v));
                }
                fields.put(f.getKey(), Collections.unmodifiableList(values));
            }
            return new JournalEntry(Collections.unmodifiableMap(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("journalctl wrote a line the harness cannot read: " + line, e);
        }
    }

    private static byte[] value(String name, JsonNode v) {
        if (v.isTextual()) {
            return v.asText().getBytes(StandardCharsets.UTF_8);
        }
        if (v.isArray()) {
            byte[] b = new byte[v.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) v.get(i).asInt();
            }
            return b;
        }
        // null: journalctl left out a value too long to show, which --all prevents.
        throw new IllegalStateException("journalctl shows the field " + name + " as " + v);
    }
}
