package io.github.kernellogger.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads kernel/include/uapi/linux/logger.h the way a C compiler would for what the Java side
 * uses: integer and string macros, the {@code _IOR}/{@code _IOW} request numbers, and the layout
 * of each struct (natural alignment, as on every Linux ABI the module builds for).
 */
final class CHeader {
    /** One struct member: its offset, element size and array length (1 for a scalar). */
    record Field(int offset, int elementSize, int length) {}

    record Struct(int size, Map<String, Field> fields) {}

    final Map<String, Object> macros = new LinkedHashMap<>();
    final Map<String, Struct> structs = new HashMap<>();

    private static final Map<String, Integer> TYPE_SIZES = Map.of(
            "__u8", 1, "char", 1, "__u16", 2, "__s16", 2,
            "__u32", 4, "__s32", 4, "__u64", 8, "__s64", 8);

    static CHeader read() throws IOException {
        String repo = System.getProperty("kernellogger.repo", "..");
        Path header = Path.of(repo, "kernel/include/uapi/linux/logger.h");
        return new CHeader(Files.readString(header));
    }

    CHeader(String text) {
        String code = text.replaceAll("(?s)/\\*.*?\\*/", " ");
        Matcher s = Pattern.compile("(?s)struct\\s+(\\w+)\\s*\\{(.*?)\\};").matcher(code);
        while (s.find()) {
            structs.put(s.group(1), layout(s.group(2)));
        }
        // Macros, joining continued lines first.
        String joined = code.replaceAll("\\\\\\n", " ");
        Matcher d = Pattern.compile("(?m)^#define\\s+(\\w+)\\s+(.+)$").matcher(joined);
        Map<String, String> raw = new LinkedHashMap<>();
        while (d.find()) {
            raw.put(d.group(1), d.group(2).trim());
        }
        for (Map.Entry<String, String> e : raw.entrySet()) {
            Object v = evaluate(e.getValue(), raw);
            if (v != null) {
                macros.put(e.getKey(), v);
            }
        }
    }

    private static Struct layout(String body) {
        Map<String, Field> fields = new LinkedHashMap<>();
        int offset = 0;
        int align = 1;
        Matcher m = Pattern.compile("(\\w+)\\s+(\\w+)\\s*(?:\\[(\\d+)\\])?\\s*;").matcher(body);
        while (m.find()) {
            Integer size = TYPE_SIZES.get(m.group(1));
            if (size == null) {
                throw new IllegalStateException("unknown C type " + m.group(1));
            }
            int length = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            offset = (offset + size - 1) / size * size;
            fields.put(m.group(2), new Field(offset, size, length));
            offset += size * length;
            align = Math.max(align, size);
        }
        return new Struct((offset + align - 1) / align * align, fields);
    }

    private Object evaluate(String expr, Map<String, String> raw) {
        Matcher ioc = Pattern.compile("_IO(R|W|WR)\\((\\w+),\\s*(\\w+),\\s*(.+)\\)").matcher(expr);
        if (ioc.matches()) {
            int dir = switch (ioc.group(1)) {
                case "W" -> 1;
                case "R" -> 2;
                default -> 3;
            };
            long type = (Long) evaluate(ioc.group(2), raw);
            long nr = (Long) evaluate(ioc.group(3), raw);
            String t = ioc.group(4).trim();
            long size = t.startsWith("struct ")
                    ? structs.get(t.substring(7).trim()).size()
                    : TYPE_SIZES.get(t);
            return (long) dir << 30 | size << 16 | type << 8 | nr;
        }
        if (expr.startsWith("\"")) {
            return expr.substring(1, expr.lastIndexOf('"'));
        }
        if (expr.matches("0[xX][0-9a-fA-F]+")) {
            return Long.parseLong(expr.substring(2), 16);
        }
        if (expr.matches("\\d+")) {
            return Long.parseLong(expr);
        }
        if (raw.containsKey(expr)) {
            return evaluate(raw.get(expr), raw);
        }
        return null; // function-like macros and other expressions are not ABI numbers
    }
}
