package io.github.kernellogger.reader.command;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The nearest of some names to a word a user typed, as git's "did you mean": by the edits between
 * them (Damerau-Levenshtein: a letter added, dropped, changed, or two swapped), case ignored. Each
 * name comes with what to say of it ("the command 'stats'", "-o json").
 */
final class Suggestions {
    /** The most edits a word may be away from a name that is offered for it. */
    private static final int MOST_EDITS = 2;

    private final Map<String, String> names = new LinkedHashMap<>();

    /** Offers {@code name}, said as {@code said}; the first one added wins a tie. */
    Suggestions add(String name, String said) {
        names.putIfAbsent(name.toLowerCase(Locale.ROOT), said);
        return this;
    }

    /** What to say of the name nearest to {@code word}, or null if none is near. */
    String nearest(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestEdits = Integer.MAX_VALUE;
        for (Map.Entry<String, String> n : names.entrySet()) {
            int edits = edits(w, n.getKey());
            int allowed = Math.min(MOST_EDITS, Math.max(1, n.getKey().length() / 3));
            if (edits <= allowed && edits < bestEdits) {
                best = n.getValue();
                bestEdits = edits;
            }
        }
        return best;
    }

    /** The optimal string alignment distance of {@code a} and {@code b}. */
    static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
