package io.github.kernellogger.reader.manual;

/**
 * Text of the command model as AsciiDoc that shows it as it is: inside {@code +++...+++}, the
 * passthrough that no substitution touches, so that {@code '*'} does not start bold text,
 * {@code --} does not become a dash nor {@code ...} an ellipsis, and {@code _PID} no italics; the
 * manpage backend still escapes what troff would take for its own (a backslash, a leading dot).
 */
final class AsciiDoc {
    private AsciiDoc() {}

    private static final String PASS = "+++";

    /** {@code text} as it is. A {@code +++} in it, which would end the passthrough, is split off. */
    static String text(String text) {
        if (text.isEmpty()) {
            return "";
        }
        StringBuilder a = new StringBuilder();
        int from = 0;
        for (int at = text.indexOf(PASS); at >= 0; at = text.indexOf(PASS, from)) {
            a.append(PASS).append(text, from, at).append(PASS).append("{plus}{plus}{plus}");
            from = at + PASS.length();
        }
        return a.append(PASS).append(text, from, text.length()).append(PASS).toString();
    }

    /**
     * Text where a passthrough is not taken (the purpose in NAME, which the manpage backend reads
     * as it is): it must have nothing AsciiDoc would format.
     *
     * @throws IllegalStateException if it has
     */
    static String plain(String text) {
        for (char c : text.toCharArray()) {
            if ("*_`+#^~[]{}<>\\".indexOf(c) >= 0) {
                throw new IllegalStateException("a man page's NAME takes plain text, without '" + c + "': " + text);
            }
        }
        if (text.contains("--") || text.contains("...")) {
            throw new IllegalStateException("a man page's NAME takes plain text, without -- or ...: " + text);
        }
        return text;
    }

    /** A description as picocli keeps it: {@code %n} a line break, {@code %%} a per cent sign. */
    static String format(String description) {
        return description.replace("%n", "\n").replace("%%", "%");
    }
}
