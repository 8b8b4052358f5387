package io.github.kernellogger.reader.output;

import io.github.kernellogger.device.RecordField;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The journal field name {@code -o export} gives a writer's field. A writer's key is 1 to 64 of
 * {@code [A-Za-z0-9_.-]}, not starting with {@code _} (RecordField); a journal field name is 1 to
 * 64 of {@code [A-Z0-9_]}, not starting with a digit, and one starting with {@code _} is a trusted
 * field, set by whoever stamps the entry, never by its writer. systemd-journal-remote drops any
 * other name silently, so every key is mapped:
 * <ol>
 *   <li>letters to upper case, {@code .} and {@code -} to {@code _}: {@code user.id} is
 *       {@code USER_ID}, {@code requestId} {@code REQUESTID};</li>
 *   <li>{@value #PREFIX} before a name that would start with a digit or {@code _} (it would be
 *       refused, or pass for a trusted field: {@code 9lives} is {@code FIELD_9LIVES},
 *       {@code .hidden} {@code FIELD__HIDDEN}) and before a name the export writes itself from
 *       what the kernel stamped or the record's level and message ({@link #OWN}: the writer's
 *       {@code MESSAGE} is {@code FIELD_MESSAGE}, and the entry's MESSAGE stays its message),
 *       cut to 64 characters.</li>
 * </ol>
 * A field the kernel stamped (ABI version 3, {@code _OPENER_UID}) is a trusted field of ours,
 * {@value #KERNEL} before its key, as {@code _LOGGER_SEQ}. Every other name a writer chooses
 * passes as it is, journald's well-known ones included
 * ({@code MESSAGE_ID}, {@code CODE_FILE}, {@code ERRNO}): the writer meant them. Two keys that map
 * to the same name ({@code tag} and {@code TAG}, {@code a.b} and {@code a-b}) become two values of
 * one field, in the order written, as the journal keeps a field given twice.
 */
final class JournalFieldNames {

    /** Before a writer's key that cannot be a user field of the journal as it is. */
    static final String PREFIX = "FIELD_";

    /** Before a field the kernel stamped ({@code _OPENER_UID} is {@code _LOGGER_OPENER_UID}). */
    static final String KERNEL = "_LOGGER";

    /** The user fields (no leading {@code _}) the export fills itself. */
    static final Set<String> OWN = Set.of("MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "TID");

    private static final int MAX = 64;

    /** Keys kept at most: writers use a handful over and over, but any key may come. */
    private static final int KEPT = 1024;

    /** The names of the keys seen lately, so that a record's keys are not mapped again. */
    private final Map<String, String> names = new HashMap<>();

    /** The journal field name of the writer's key {@code key}, from the keys seen lately. */
    String name(String key) {
        String name = names.get(key);
        if (name == null) {
            if (names.size() == KEPT) {
                names.clear();
            }
            name = map(key);
            names.put(key, name);
        }
        return name;
    }

    /** The journal field name of the writer's key {@code key}. */
    static String map(String key) {
        if (RecordField.isKernelKey(key)) {
            // Stamped by the kernel, as _LOGGER_SEQ is: trusted, and named as our own.
            return (KERNEL + key).substring(0, Math.min(MAX, KERNEL.length() + key.length()));
        }
        StringBuilder name = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= 'a' && c <= 'z') {
                name.append((char) (c - 'a' + 'A'));
            } else if (c == '.' || c == '-') {
                name.append('_');
            } else {
                name.append(c);
            }
        }
        char first = name.charAt(0);
        if (first >= '0' && first <= '9' || first == '_' || OWN.contains(name.toString())) {
            name.insert(0, PREFIX);
            name.setLength(Math.min(name.length(), MAX));
        }
        return name.toString();
    }
}
