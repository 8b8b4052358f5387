package io.github.kernellogger.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@link LoggerAbi} in step with kernel/include/uapi/linux/logger.h, the single source of
 * truth: every constant of the Java mirror is checked against the header, and every ioctl of the
 * header must have a mirror.
 */
class LoggerAbiTest {
    private static CHeader header;

    @BeforeAll
    static void readHeader() throws Exception {
        header = CHeader.read();
    }

    private static List<Field> constants() {
        List<Field> out = new ArrayList<>();
        for (Field f : LoggerAbi.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m)) {
                out.add(f);
            }
        }
        return out;
    }

    /** Java prefixes of struct constants and their C structs; longer prefixes first. */
    private static final Map<String, String> STRUCTS = new LinkedHashMap<>();

    static {
        STRUCTS.put("ENTRY_V2", "logger_entry_v2");
        STRUCTS.put("ENTRY", "logger_entry");
        STRUCTS.put("STATS", "logger_stats");
        STRUCTS.put("FRAME", "logger_frame");
        STRUCTS.put("FIELD", "logger_field");
    }

    /** What the header says a Java constant should be. */
    private static Object expected(String name) {
        for (Map.Entry<String, String> struct : STRUCTS.entrySet()) {
            CHeader.Struct s = header.structs.get(struct.getValue());
            String prefix = struct.getKey() + "_";
            if (name.startsWith(prefix + "V2_")) {
                continue; // ENTRY_V2_* belongs to logger_entry_v2, not logger_entry
            }
            if (name.equals(prefix + "SIZE")) {
                return (long) s.size();
            }
            if (name.startsWith(prefix) && name.endsWith("_OFFSET")) {
                CHeader.Field f = s.fields().get(field(name, prefix, "_OFFSET"));
                return f == null ? null : (long) f.offset();
            }
            if (name.startsWith(prefix) && name.endsWith("_LENGTH")) {
                CHeader.Field f = s.fields().get(field(name, prefix, "_LENGTH"));
                return f == null ? null : (long) f.length();
            }
        }
        return header.macros.get("LOGGER_" + name);
    }

    private static String field(String name, String prefix, String suffix) {
        return name.substring(prefix.length(), name.length() - suffix.length()).toLowerCase();
    }

    @Test
    void everyJavaConstantMatchesTheHeader() throws Exception {
        for (Field f : constants()) {
            Object want = expected(f.getName());
            assertNotNull(want, f.getName() + " has no counterpart in logger.h");
            Object got = f.get(null);
            if (got instanceof Integer i) {
                // ioctl numbers are unsigned 32-bit in C.
                got = Integer.toUnsignedLong(i);
            }
            assertEquals(want, got, f.getName());
        }
    }

    @Test
    void everyIoctlOfTheHeaderHasAJavaMirror() {
        List<String> javaNames = constants().stream().map(Field::getName).toList();
        for (Map.Entry<String, Object> e : header.macros.entrySet()) {
            if (e.getKey().startsWith("LOGGER_IOC_")) {
                String name = e.getKey().substring("LOGGER_".length());
                assertTrue(javaNames.contains(name), name + " is in logger.h but not in LoggerAbi");
            }
        }
    }

    @Test
    void everyStructAndFieldOfTheHeaderIsMirrored() {
        List<String> javaNames = constants().stream().map(Field::getName).toList();
        assertEquals(header.structs.keySet(), Set.copyOf(STRUCTS.values()), "structs of logger.h");
        STRUCTS.forEach((prefix, struct) -> header.structs.get(struct).fields().keySet().forEach(f ->
                assertTrue(javaNames.contains(prefix + "_" + f.toUpperCase() + "_OFFSET"), struct + "." + f)));
    }

    @Test
    void theParserReadsWhatTheIssueFixed() {
        // A guard on the parser itself: numbers the ABI fixed and a compiler would agree with.
        assertEquals(56, header.structs.get("logger_entry").size());
        assertEquals(80, header.structs.get("logger_entry_v2").size());
        assertEquals(16, header.structs.get("logger_frame").size());
        assertEquals(4, header.structs.get("logger_field").size());
        assertEquals(112, header.structs.get("logger_stats").size());
        assertEquals(0x4004E705L, header.macros.get("LOGGER_IOC_SET_WRITE_MODE"));
        assertEquals(0x8070E701L, header.macros.get("LOGGER_IOC_GET_STATS"));
        assertEquals(0x4008E702L, header.macros.get("LOGGER_IOC_CLEAR"));
    }

    @Test
    void frameSpanRoundsUpToTheAlignment() {
        assertEquals(16, LoggerAbi.frameSpan(16));
        assertEquals(24, LoggerAbi.frameSpan(17));
        assertEquals(24, LoggerAbi.frameSpan(24));
    }

    @Test
    void entrySpanRoundsUpToTheAlignment() {
        assertEquals(64, LoggerAbi.entrySpan(56, 1));
        assertEquals(56, LoggerAbi.entrySpan(56, 0));
        assertEquals(64, LoggerAbi.entrySpan(56, 8));
        assertEquals(72, LoggerAbi.entrySpan(56, 9));
    }
}
